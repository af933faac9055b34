import { DOMAIN_ERROR_PROBLEMS } from '@app/http';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))].map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));
const ERROR_CLASS = /^export (?:abstract )?class (\w+) extends (\w*Error)\b/gm;

describe('error files (CONTRIBUTING.md: one class per src/errors/<name>.error.ts)', () => {
  const errorClasses = files.flatMap(({ path, text }) =>
    [...text.matchAll(ERROR_CLASS)].map((match) => ({ path, name: match[1] })),
  );

  it('finds the error classes it checks', () => {
    expect(errorClasses.map((c) => c.name)).toEqual(
      expect.arrayContaining(['BookNotFoundError', 'DatabaseUnavailableError', 'RateLimitedError']),
    );
  });

  it('each error class lives alone in an errors/ folder, in a file named after it', () => {
    const kebab = (name: string) =>
      name
        .replace(/Error$/, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase();
    const misplaced = errorClasses
      .filter(({ path, name }) => !path.endsWith(`/errors/${kebab(name)}.error.ts`) && name !== 'DomainError')
      .map(({ path, name }) => `${name} in ${path}`);
    expect(misplaced).toEqual([]);
    const crowded = files.filter(({ text }) => [...text.matchAll(ERROR_CLASS)].length > 1).map(({ path }) => path);
    expect(crowded).toEqual([]);
  });

  it('every DomainError code has a row in the problem table, and no row is left without an error', () => {
    const codes = files.flatMap(({ text }) => [...text.matchAll(/readonly code = '([A-Z_]+)'/g)].map((m) => m[1]));
    const answeredVerbatim = ['STORED_PROBLEM'];
    expect(codes.filter((code) => !(code in DOMAIN_ERROR_PROBLEMS) && !answeredVerbatim.includes(code))).toEqual([]);
    expect(Object.keys(DOMAIN_ERROR_PROBLEMS).filter((code) => !codes.includes(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
