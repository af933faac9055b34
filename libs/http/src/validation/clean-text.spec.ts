import { isCleanText } from './clean-text';

describe('isCleanText', () => {
  it.each([
    ['plain text', 'Dune', true],
    ['an emoji (a valid surrogate pair)', 'Books 📚', true],
    ['accents and CJK', 'Émile 和 Zoë', true],
    ['the empty string', '', true],
    ['a NUL character', 'Du\u0000ne', false],
    ['a lone high surrogate', 'Dune \ud800', false],
    ['a lone low surrogate', '\udc00Dune', false],
    ['a leading byte-order mark', '\ufeffDune', false],
    ['a byte-order mark inside', 'Du\ufeffne', true],
    ['a number', 42, false],
    ['null', null, false],
  ])('%s → %s', (_case, value, expected) => {
    expect(isCleanText(value)).toBe(expected);
  });
});
