import { etagFor, ifMatchSatisfied, ifNoneMatchHit } from './etag';

describe('etagFor', () => {
  it('is the version as a strong, quoted tag', () => {
    expect(etagFor(3)).toBe('"3"');
  });
});

describe('ifMatchSatisfied (strong comparison)', () => {
  it.each([
    ['absent', undefined, true],
    ['the exact tag', '"3"', true],
    ['a list containing it', '"1", "3" ,"9"', true],
    ['*', '*', true],
    ['the weak form of the current tag', 'W/"3"', false],
    ['another version', '"2"', false],
    ['a list without it', '"1","2"', false],
    ['the bare version without quotes', '3', false],
    ['an empty header', '', false],
  ])('%s → %s', (_case, header, expected) => {
    expect(ifMatchSatisfied(header, 3)).toBe(expected);
  });
});

describe('ifNoneMatchHit (weak comparison)', () => {
  it.each([
    ['absent', undefined, false],
    ['the exact tag', '"3"', true],
    ['the weak form of it', 'W/"3"', true],
    ['*', '*', true],
    ['a list containing it', '"1", W/"3"', true],
    ['a list without it', '"1", W/"2"', false],
    ['another version', '"4"', false],
    ['an empty header', '', false],
  ])('%s → %s', (_case, header, expected) => {
    expect(ifNoneMatchHit(header, 3)).toBe(expected);
  });
});
