/**
 * The version a conditional write expects the stored book to have: one version, any of several (an If-Match
 * list; empty when no entity tag could match), '*' for any existing book, or undefined for no condition.
 */
export type ExpectedVersion = number | readonly number[] | '*' | undefined;

export function versionMatches(expected: ExpectedVersion, version: number): boolean {
  if (expected === undefined || expected === '*') return true;
  return typeof expected === 'number' ? expected === version : expected.includes(version);
}
