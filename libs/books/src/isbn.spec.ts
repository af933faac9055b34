import { isbn13From } from './isbn';

describe('isbn13From', () => {
  it.each([
    ['9780306406157', '9780306406157'],
    ['978-0-306-40615-7', '9780306406157'],
    ['978 0 306 40615 7', '9780306406157'],
    ['0306406152', '9780306406157'],
    ['0-306-40615-2', '9780306406157'],
    ['080442957X', '9780804429573'],
    ['080442957x', '9780804429573'],
    ['9791090636071', '9791090636071'],
  ])('accepts %s as %s', (raw, expected) => {
    expect(isbn13From(raw)).toBe(expected);
  });

  it.each([
    ['9780306406158', 'wrong ISBN-13 check digit'],
    ['0306406153', 'wrong ISBN-10 check digit'],
    ['9770306406155', 'prefix other than 978/979'],
    ['030640615', 'too short'],
    ['97803064061570', 'too long'],
    ['03064X6152', 'X not in last place'],
    ['abcdefghij', 'letters'],
    ['', 'empty'],
    ['978-0-306-40615-7'.repeat(3), 'absurdly long'],
  ])('rejects %s (%s)', (raw) => {
    expect(isbn13From(raw)).toBeNull();
  });
});
