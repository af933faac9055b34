import { BODY_PARSER_PROBLEMS, PROBLEM_SCHEMA_NAME, problemType } from '@app/http';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROBLEM_TYPES } from './problem-types';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Every production source file of the libraries. */
function librarySources(dir = join(ROOT, 'libs')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'generated' ? [] : librarySources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `slug status` of every error class declaring both (the replayed problem only repeats a stored one). */
function domainErrorTypes(): string[] {
  return librarySources().flatMap((file) =>
    readFileSync(file, 'utf8')
      .split(/\bclass\s+/)
      .slice(1)
      .flatMap((body) => {
        const status = /readonly status = (\d{3});/.exec(body)?.[1];
        const slug = /readonly slug = '([a-z0-9-]+)';/.exec(body)?.[1];
        return status && slug ? [`${slug} ${status}`] : [];
      }),
  );
}

/** What the framework raises itself, rendered by status (statusProblem): unknown paths, unexpected errors. */
const FRAMEWORK_TYPES = ['not-found 404', 'internal-server-error 500', 'bad-request 400'];

const emitted = [
  ...domainErrorTypes(),
  ...Object.values(BODY_PARSER_PROBLEMS).map(({ slug, status }) => `${slug} ${status}`),
  ...FRAMEWORK_TYPES,
];

describe('problem types', () => {
  it('finds the error classes of every library', () => {
    expect(emitted).toEqual(expect.arrayContaining(['book-not-found 404', 'rate-limited 429', 'uri-too-long 414']));
  });

  it('gives each type one status, whoever raises it', () => {
    const statuses = new Map<string, Set<string>>();
    for (const [slug, status] of emitted.map((t) => t.split(' '))) {
      statuses.set(slug, (statuses.get(slug) ?? new Set()).add(status));
    }
    expect([...statuses].filter(([, s]) => s.size > 1).map(([slug, s]) => `${slug}: ${[...s].join(', ')}`)).toEqual([]);
  });

  it('lists exactly the types the service can emit', () => {
    const listed = PROBLEM_TYPES.map(({ slug, status }) => `${slug} ${status}`);
    expect([...new Set(listed)].sort()).toEqual([...new Set(emitted)].sort());
  });

  it('documents each, with its status, in the committed contract', () => {
    const contract = JSON.parse(readFileSync(join(ROOT, 'apps', 'api', 'openapi.json'), 'utf8')) as {
      components: { schemas: Record<string, { properties: { type: { description?: string } } }> };
    };
    const documented = contract.components.schemas[PROBLEM_SCHEMA_NAME].properties.type.description ?? '';
    for (const { slug, status } of PROBLEM_TYPES) {
      expect(documented).toContain(`\`${problemType(slug)}\` (${status})`);
    }
  });

  it('names the problem schemas without a framework suffix (generated SDKs expose the names)', () => {
    const contract = JSON.parse(readFileSync(join(ROOT, 'apps', 'api', 'openapi.json'), 'utf8')) as {
      components: { schemas: Record<string, unknown> };
    };
    const names = Object.keys(contract.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['Problem', 'ValidationProblem', 'DuplicateProblem', 'FieldError']));
    expect(names.filter((name) => /Problem|FieldError/.test(name) && name.endsWith('Dto'))).toEqual([]);
  });
});
