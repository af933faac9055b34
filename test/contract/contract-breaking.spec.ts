import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { checkCompatibility, findBreakingChanges } from '../../scripts/contract-breaking';

const ROOT = resolve(__dirname, '../..');

/** A small contract: one collection with a list and a create, one item with a get. */
function baseDocument() {
  return {
    openapi: '3.0.0',
    info: { title: 'Fixture', version: '1.4.0' },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [
            { in: 'query', name: 'sort', required: false, schema: { type: 'string', enum: ['name', '-name'] } },
          ],
          responses: {
            '200': {
              description: '',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } },
            },
            '400': { description: '', content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
        },
        post: {
          operationId: 'createThing',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingInput' } } },
          },
          responses: {
            '201': {
              description: '',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
          },
        },
      },
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: '',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
            '404': { description: '' },
          },
        },
      },
    },
    components: {
      schemas: {
        ThingInput: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, size: { type: 'integer' } },
        },
        Thing: {
          type: 'object',
          required: ['id', 'name', 'state'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            size: { type: 'integer' },
            state: { type: 'string', enum: ['new', 'used'] },
          },
        },
        Page: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
        },
      },
    },
  };
}
type Doc = ReturnType<typeof baseDocument>;

const changed = (edit: (doc: Doc) => void): Doc => {
  const doc = baseDocument();
  edit(doc);
  return doc;
};
const whatBreaks = (edit: (doc: Doc) => void) => findBreakingChanges(baseDocument(), changed(edit));

describe('findBreakingChanges', () => {
  it('finds nothing between a document and itself', () => {
    expect(findBreakingChanges(baseDocument(), baseDocument())).toEqual([]);
  });

  it.each<[string, (doc: Doc) => void, RegExp]>([
    ['a removed path', (d) => delete (d.paths as Partial<Doc['paths']>)['/things/{id}'], /path removed/],
    [
      'a removed operation',
      (d) => delete (d.paths['/things'] as Partial<Doc['paths']['/things']>).post,
      /operation removed/,
    ],
    [
      'an added required request field',
      (d) => (d.components.schemas.ThingInput.required = ['name', 'size']),
      /request field added as required/,
    ],
    [
      'an added required parameter',
      (d) =>
        (d.paths['/things'].get.parameters as object[]).push({
          in: 'query',
          name: 'owner',
          required: true,
          schema: { type: 'string' },
        }),
      /required parameter added/,
    ],
    [
      'a parameter made required',
      (d) => (d.paths['/things'].get.parameters[0].required = true),
      /parameter made required/,
    ],
    [
      'a removed response field',
      (d) =>
        delete (d.components.schemas.Thing.properties as Partial<Doc['components']['schemas']['Thing']['properties']>)
          .size,
      /response field removed/,
    ],
    [
      'a changed type in a response',
      (d) => (d.components.schemas.Thing.properties.size = { type: 'string' } as never),
      /type changed from integer to string/,
    ],
    [
      'a changed type in a request',
      (d) => (d.components.schemas.ThingInput.properties.size = { type: 'number' } as never),
      /type changed from integer to number/,
    ],
    [
      'a removed response status',
      (d) => delete (d.paths['/things'].get.responses as Record<string, unknown>)['400'],
      /response status removed/,
    ],
    [
      'a removed request enum value',
      (d) => (d.paths['/things'].get.parameters[0].schema.enum = ['name']),
      /enum value\(s\) removed: "-name"/,
    ],
    [
      'a removed response enum value',
      (d) => (d.components.schemas.Thing.properties.state.enum = ['new']),
      /enum value\(s\) removed: "used"/,
    ],
    [
      'an added response enum value',
      (d) => d.components.schemas.Thing.properties.state.enum.push('lost'),
      /enum value\(s\) added: "lost"/,
    ],
    ['a renamed operationId', (d) => (d.paths['/things/{id}'].get.operationId = 'fetchThing'), /operationId changed/],
  ])('reports %s', (_kind, edit, what) => {
    const changes = whatBreaks(edit);
    expect(changes.map((c) => c.what)).toEqual(expect.arrayContaining([expect.stringMatching(what)]));
  });

  it('reports a change inside a list item, with where it is', () => {
    const changes = whatBreaks((d) => (d.components.schemas.Thing.properties.id = { type: 'integer' } as never));
    expect(changes).toEqual(
      expect.arrayContaining([
        { where: 'GET /things 200 body.items[].id', what: 'type changed from string to integer' },
        { where: 'GET /things/{id} 200 body.id', what: 'type changed from string to integer' },
      ]),
    );
  });

  it.each<[string, (doc: Doc) => void]>([
    [
      'an added path',
      (d) => Object.assign(d.paths, { '/other': { get: { responses: { '200': { description: '' } } } } }),
    ],
    [
      'an added optional request field',
      (d) => Object.assign(d.components.schemas.ThingInput.properties, { note: { type: 'string' } }),
    ],
    [
      'an added response field',
      (d) => Object.assign(d.components.schemas.Thing.properties, { note: { type: 'string' } }),
    ],
    [
      'an added optional parameter',
      (d) =>
        (d.paths['/things'].get.parameters as object[]).push({
          in: 'query',
          name: 'q',
          required: false,
          schema: { type: 'string' },
        }),
    ],
    [
      'an added response status',
      (d) => Object.assign(d.paths['/things/{id}'].get.responses, { '429': { description: '' } }),
    ],
    ['an added request enum value', (d) => d.paths['/things'].get.parameters[0].schema.enum.push('size')],
    [
      'a new limit documented',
      (d) => Object.assign(d.components.schemas.ThingInput.properties.name, { maxLength: 300 }),
    ],
  ])('lets %s pass', (_kind, edit) => {
    expect(whatBreaks(edit)).toEqual([]);
  });
});

/** Renames a schema everywhere, as a generator-facing rename does: its key and every $ref to it. */
function renameSchema<T extends object>(doc: T, from: string, to: string): T {
  const text = JSON.stringify(doc).replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
  const renamed = JSON.parse(text) as { components: { schemas: Record<string, unknown> } };
  renamed.components.schemas[to] = renamed.components.schemas[from];
  delete renamed.components.schemas[from];
  return renamed as T;
}

describe("schema names (the SDK's type names)", () => {
  it('reports a rename as breaking, naming both names, though the wire format is the same', () => {
    expect(findBreakingChanges(baseDocument(), renameSchema(baseDocument(), 'ThingInput', 'NewThing'))).toEqual([
      {
        where: 'components.schemas.ThingInput',
        what: "schema renamed to NewThing (the SDK's type ThingInput is now NewThing)",
      },
    ]);
  });

  it('picks the new name the old one contains when several schemas share a shape (ThingDto → Thing)', () => {
    const base = renameSchema(baseDocument(), 'Thing', 'ThingDto');
    const head = baseDocument();
    Object.assign(head.components.schemas, { Twin: structuredClone(head.components.schemas.Thing) });
    expect(findBreakingChanges(base, head)).toContainEqual({
      where: 'components.schemas.ThingDto',
      what: "schema renamed to Thing (the SDK's type ThingDto is now Thing)",
    });
  });

  it('reports a schema removed with nothing like it in its place', () => {
    const head = changed((d) => Object.assign(d.components.schemas, { Extra: { type: 'string' } }));
    const changes = findBreakingChanges(head, baseDocument());
    expect(changes).toEqual([
      { where: 'components.schemas.Extra', what: "schema removed (the SDK's type Extra no longer exists)" },
    ]);
  });
});

describe('checkCompatibility', () => {
  const withoutCreate = (version: string) =>
    changed((d) => {
      delete (d.paths['/things'] as Partial<Doc['paths']['/things']>).post;
      d.info.version = version;
    });

  it('refuses a breaking change under the same major version', () => {
    expect(checkCompatibility(baseDocument(), withoutCreate('1.5.0')).allowed).toBe(false);
  });

  it('allows it with a new major version', () => {
    expect(checkCompatibility(baseDocument(), withoutCreate('2.0.0'))).toEqual({
      changes: [{ where: 'POST /things', what: 'operation removed' }],
      allowed: true,
    });
  });
});

describe('npm run contract:breaking -- <base> <head> (the CLI CI runs)', () => {
  let dir: string;
  const committed = JSON.parse(readFileSync(resolve(ROOT, 'apps/api/openapi.json'), 'utf8'));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'contract-breaking-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(head: object): Promise<{ code: number; output: string }> {
    writeFileSync(join(dir, 'base.json'), JSON.stringify(committed));
    writeFileSync(join(dir, 'head.json'), JSON.stringify(head));
    const tsx = resolve(ROOT, 'node_modules/.bin/tsx');
    const args = [resolve(ROOT, 'scripts/contract-breaking-cli.ts'), join(dir, 'base.json'), join(dir, 'head.json')];
    return promisify(execFile)(tsx, args, { cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: error.stdout + error.stderr,
      }),
    );
  }

  it('passes the committed contract against itself', async () => {
    expect(await cli(committed)).toEqual({ code: 0, output: expect.stringContaining('no breaking change') });
  }, 60_000);

  it('fails when an operation is removed from the committed contract, naming it', async () => {
    const head = structuredClone(committed);
    delete head.paths['/api/v1/books/{id}'].delete;
    const { code, output } = await cli(head);
    expect(code).toBe(1);
    expect(output).toContain('breaking: DELETE /api/v1/books/{id}: operation removed');
  }, 60_000);

  it('fails when the committed contract renames a schema (a type SDK users name), unless the major changes', async () => {
    const [name] = Object.keys(committed.components.schemas);
    const head = renameSchema(committed, name, `${name}Renamed`);
    const { code, output } = await cli(head);
    expect(code).toBe(1);
    expect(output).toContain(`breaking: components.schemas.${name}: schema renamed to ${name}Renamed`);
    head.info.version = `${Number(committed.info.version.split('.')[0]) + 1}.0.0`;
    expect((await cli(head)).code).toBe(0);
  }, 60_000);

  it('passes the same removal with a new major version', async () => {
    const head = structuredClone(committed);
    delete head.paths['/api/v1/books/{id}'].delete;
    head.info.version = `${Number(committed.info.version.split('.')[0]) + 1}.0.0`;
    expect((await cli(head)).code).toBe(0);
  }, 60_000);
});
