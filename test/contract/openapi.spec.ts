import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildOpenApiDocument, serializeOpenApiDocument } from '../../apps/api/src/openapi/openapi.document';
import { OPENAPI_PATH } from '../../apps/api/src/openapi/openapi.path';
import { createTestApp } from '../support/test-app';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

const ROOT = resolve(__dirname, '../..');
const OPERATIONS = ['listBooks', 'getBook', 'createBook', 'replaceBook', 'updateBook', 'deleteBook'];
/** The probes answer in Terminus' JSON shape, 200 or 503, never problem+json. */
const PROBES = ['getLiveness', 'getReadiness'];

interface Operation {
  operationId: string;
  parameters?: unknown[];
  responses: Record<string, { headers?: Record<string, unknown> }>;
}

describe('the committed OpenAPI contract', () => {
  let generated: string;

  beforeAll(async () => {
    const app = await createTestApp({ MIGRATE_ON_START: 'false' });
    generated = serializeOpenApiDocument(buildOpenApiDocument(app));
    await app.close();
  }, APP_START_HOOK_TIMEOUT_MS);

  it('equals what the code generates (run `npm run openapi` after changing the API)', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(generated);
  });

  it('names every operation with its stable operationId, a summary and problem responses', () => {
    const doc = JSON.parse(generated);
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item as object));
    expect(operations.map((op) => op.operationId).sort()).toEqual([...OPERATIONS, ...PROBES].sort());
    for (const op of operations.filter((o) => !PROBES.includes(o.operationId))) {
      expect(op.summary).toEqual(expect.any(String));
      const problems = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      expect(problems.length).toBeGreaterThan(0);
      for (const [, response] of problems) {
        expect(Object.keys((response as { content: object }).content)).toEqual(['application/problem+json']);
      }
    }
  });

  it('declares X-Request-ID on every operation and every response, as the service sends it', () => {
    const doc = JSON.parse(generated);
    const operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap((path) =>
      Object.values(path),
    );
    expect(operations.map((op) => op.operationId).sort()).toEqual([...OPERATIONS, ...PROBES].sort());
    for (const op of operations) {
      expect([op.operationId, op.parameters]).toEqual([
        op.operationId,
        expect.arrayContaining([{ $ref: '#/components/parameters/X-Request-ID' }]),
      ]);
      for (const [status, response] of Object.entries(op.responses)) {
        expect([op.operationId, status, response.headers?.['X-Request-ID']]).toEqual([
          op.operationId,
          status,
          { $ref: '#/components/headers/X-Request-ID' },
        ]);
      }
    }
  });

  it('documents the probes as 200 and 503 in Terminus JSON, under the health tag', () => {
    const doc = JSON.parse(generated);
    const { '/health': liveness, '/ready': readiness } = doc.paths;
    for (const { get: op } of [liveness, readiness]) {
      expect(op.tags).toEqual(['health']);
      expect(Object.keys(op.responses).sort()).toEqual(['200', '503']);
      expect(Object.keys(op.responses['503'].content)).toEqual(['application/json']);
    }
  });

  it('passes redocly lint with the committed config', () => {
    const run = () =>
      execFileSync(resolve(ROOT, 'node_modules/.bin/redocly'), ['lint', OPENAPI_PATH, '--config', 'redocly.yaml'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(run).not.toThrow();
  });
});
