import { BODY_PARSER_PROBLEMS, DOMAIN_ERROR_PROBLEMS, PROBLEM_SCHEMA_NAME, problemType } from '@app/http';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROBLEM_TYPES } from './problem-types';

const ROOT = resolve(__dirname, '..', '..', '..');

/** `slug status` of every domain error code the table answers (error-files.spec.ts ties codes to classes). */
const domainErrorTypes = (): string[] =>
  Object.values(DOMAIN_ERROR_PROBLEMS).map(({ slug, status }) => `${slug} ${status}`);

/** What the framework raises itself, rendered by status (statusProblem): unknown paths, unexpected errors. */
const FRAMEWORK_TYPES = ['not-found 404', 'internal-server-error 500', 'bad-request 400'];

const emitted = [
  ...domainErrorTypes(),
  ...Object.values(BODY_PARSER_PROBLEMS).map(({ slug, status }) => `${slug} ${status}`),
  ...FRAMEWORK_TYPES,
];

describe('problem types', () => {
  it('finds the problems of every library', () => {
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
