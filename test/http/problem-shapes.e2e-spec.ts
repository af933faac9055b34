import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  required?: string[];
  properties?: Record<string, Schema>;
  type?: string;
};
type Operation = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };

const contract = JSON.parse(readFileSync(join(__dirname, '..', '..', 'apps', 'api', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(contract.components.schemas[schema.$ref.split('/').pop()!]) : schema;

/** The required members (and their JSON types) of a declared schema, allOf included. */
function requiredMembers(schema: Schema): Record<string, string | undefined> {
  const resolved = resolve(schema);
  const own = Object.fromEntries(
    (resolved.required ?? []).map((name) => [name, resolve(resolved.properties?.[name] ?? {}).type]),
  );
  return Object.assign({}, ...(resolved.allOf ?? []).map(requiredMembers), own);
}

const jsonTypeOf = (value: unknown) =>
  Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : value === null ? 'null' : typeof value;

/** Fails naming each required member the body lacks or has with another type. */
function mismatches(body: Record<string, unknown>, schema: Schema): string[] {
  return Object.entries(requiredMembers(schema)).flatMap(([name, type]) => {
    if (!(name in body)) return [`${name} missing`];
    return type && jsonTypeOf(body[name]) !== type ? [`${name} is ${jsonTypeOf(body[name])}, not ${type}`] : [];
  });
}

/** Every 400 the service sends, whatever its cause, has the shape the operation declares for 400. */
describe('400 problems against the contract', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app.close());

  const deep = `${'['.repeat(40)}${']'.repeat(40)}`;
  const cases: [string, string, 'post', string][] = [
    ['malformed JSON', '/api/v1/books', 'post', '{"title": "x",'],
    ['JSON nested too deeply', '/api/v1/books', 'post', `{"title":"x","authors":["a"],"tags":${deep}}`],
    ['an invalid field', '/api/v1/books', 'post', '{"title":"","authors":["a"]}'],
  ];

  it.each(cases)('%s', async (_what, path, method, body) => {
    const res = await request(app.getHttpServer()).post(path).set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const declared = contract.paths[path][method].responses['400'].content!['application/problem+json'].schema;
    expect(mismatches(res.body as Record<string, unknown>, declared)).toEqual([]);
  });

  it('an invalid query parameter', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/books?limit=0');
    expect(res.status).toBe(400);
    const declared = contract.paths['/api/v1/books'].get.responses['400'].content!['application/problem+json'].schema;
    expect(mismatches(res.body as Record<string, unknown>, declared)).toEqual([]);
  });
});
