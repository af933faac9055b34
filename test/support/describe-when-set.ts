/**
 * `describe` for suites that need services named by environment variables (PostgreSQL, Redis): skipped
 * on a laptop without them, but a failure under CI=true, so CI can never pass by skipping them.
 */
export function describeWhenSet(variables: Record<string, string | undefined>): jest.Describe {
  const missing = Object.keys(variables).filter((name) => !variables[name]);
  if (missing.length === 0) return describe;
  if (process.env.CI === 'true') {
    const names = missing.join(' and ');
    return ((name: string) =>
      describe(name, () => {
        it(`has ${names} set`, () => {
          throw new Error(
            `CI=true but ${names} ${missing.length > 1 ? 'are' : 'is'} not set: the suites that need them must run in CI`,
          );
        });
      })) as unknown as jest.Describe;
  }
  return describe.skip;
}
