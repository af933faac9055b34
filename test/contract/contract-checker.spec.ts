import { ContractChecker, type ObservedResponse } from './contract-checker';
import { loadContract, type OpenApiDocument } from './openapi-document';

// The checker the property suite and the problem-body suite rely on: it must object to every kind of mismatch.

const answer = (status: number, body: unknown, headers: Record<string, string> = {}): ObservedResponse => {
  const all = new Headers({ 'content-type': 'application/json; charset=utf-8', ...headers });
  return { status, headers: all, body: body === undefined ? '' : JSON.stringify(body) };
};

function document(): OpenApiDocument {
  return {
    openapi: '3.0.0',
    info: { version: '1.0.0' },
    paths: {
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          responses: {
            '200': {
              headers: { ETag: { required: true, schema: { type: 'string' } }, Age: { schema: { type: 'integer' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
            '204': {},
            '304': {},
            '404': { $ref: '#/components/responses/NotFound' },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'name'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string' },
            note: { type: 'string', nullable: true },
          },
        },
      },
      responses: {
        NotFound: {
          content: {
            'application/problem+json': {
              schema: { type: 'object', required: ['status'], properties: { status: { type: 'integer' } } },
            },
          },
        },
      },
    },
  };
}

const thing = { id: '3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41', name: 'A', note: null };
const etag = { etag: '"1"' };

describe('ContractChecker', () => {
  const checker = new ContractChecker(document());

  it('accepts a conforming answer, a bodiless 304 and a $ref response', () => {
    expect(checker.check('getThing', answer(200, thing, { ...etag, age: '3' }))).toEqual([]);
    expect(checker.check('getThing', { status: 304, headers: new Headers(), body: '' })).toEqual([]);
    const notFound = answer(404, { status: 404 }, { 'content-type': 'application/problem+json' });
    expect(checker.check('getThing', notFound)).toEqual([]);
  });

  it.each<[string, ObservedResponse, RegExp]>([
    ['an undeclared status', answer(500, { status: 500 }), /status 500 is not declared/],
    ['a missing required property', answer(200, { id: thing.id }, etag), /must have required property 'name'/],
    [
      'a property the schema does not have',
      answer(200, { ...thing, extra: 1 }, etag),
      /must NOT have additional properties/,
    ],
    ['a wrong format', answer(200, { ...thing, id: 'nope' }, etag), /\/id must match format "uuid"/],
    ['a wrong type', answer(200, { ...thing, name: 3 }, etag), /\/name must be string/],
    ['a missing required header', answer(200, thing), /required header ETag is missing/],
    ['a header of the wrong type', answer(200, thing, { ...etag, age: 'old' }), /header Age: .* must be integer/],
    ['an undeclared media type', answer(200, thing, { ...etag, 'content-type': 'text/html' }), /media type text\/html/],
    ['no body where one is declared', answer(200, undefined, etag), /no body/],
    ['a body where none is declared', { status: 204, headers: new Headers(), body: 'x' }, /a body was sent/],
    [
      'a body that is not JSON',
      { status: 200, headers: new Headers({ ...etag, 'content-type': 'application/json' }), body: '{' },
      /not JSON/,
    ],
    [
      'a $ref response whose body does not match',
      answer(404, { status: 'gone' }, { 'content-type': 'application/problem+json' }),
      /\/status must be integer/,
    ],
  ])('reports %s', (_name, response, expected) => {
    expect(checker.check('getThing', response).join('\n')).toMatch(expected);
  });

  it('reads the committed contract (OpenAPI 3.0 or 3.1) and knows every operation in it', () => {
    const committed = new ContractChecker(loadContract());
    expect(committed.operationIds).toEqual(expect.arrayContaining(['listBooks', 'createBook', 'getBook']));
  });
});
