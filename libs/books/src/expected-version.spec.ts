import { versionMatches } from './expected-version';

describe('versionMatches', () => {
  it('accepts any version without a condition or with *', () => {
    expect(versionMatches(undefined, 3)).toBe(true);
    expect(versionMatches('*', 3)).toBe(true);
  });

  it('accepts only the expected version, or one of a list', () => {
    expect(versionMatches(3, 3)).toBe(true);
    expect(versionMatches(2, 3)).toBe(false);
    expect(versionMatches([1, 3], 3)).toBe(true);
    expect(versionMatches([1, 2], 3)).toBe(false);
    expect(versionMatches([], 3)).toBe(false);
  });
});
