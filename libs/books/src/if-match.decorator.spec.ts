import { etagFor, ifMatchSatisfied } from '@app/http';
import { versionMatches } from './expected-version';
import { expectedVersionFrom } from './if-match.decorator';

describe('expectedVersionFrom (If-Match)', () => {
  it('is undefined without the header, * for any, the version for one tag', () => {
    expect(expectedVersionFrom(undefined)).toBeUndefined();
    expect(expectedVersionFrom('*')).toBe('*');
    expect(expectedVersionFrom('"3", *')).toBe('*');
    expect(expectedVersionFrom(etagFor(3))).toBe(3);
    expect(expectedVersionFrom(' "12" ')).toBe(12);
  });

  it('keeps every version of a list, and none for tags no version has', () => {
    expect(expectedVersionFrom('"1", "4"')).toEqual([1, 4]);
    expect(expectedVersionFrom('W/"3"')).toEqual([]);
    expect(expectedVersionFrom('"03"')).toEqual([]);
    expect(expectedVersionFrom('3')).toEqual([]);
    expect(expectedVersionFrom('')).toEqual([]);
  });

  it.each(['"3"', '"2"', '"2", "3"', 'W/"3"', '*', ' , ', '"3"x', '"99999999999999999999"', '"1","3"'])(
    'agrees with the strong comparison of etag.ts for %p',
    (header) => {
      for (const version of [1, 2, 3]) {
        expect(versionMatches(expectedVersionFrom(header), version)).toBe(ifMatchSatisfied(header, version));
      }
    },
  );
});
