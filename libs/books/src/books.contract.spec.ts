import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// What the books decorators must make the committed contract say (test/contract/openapi.spec.ts keeps the
// committed file equal to what the code generates). Each is something a generated client relies on.

const contract = JSON.parse(readFileSync(resolve(__dirname, '../../../apps/api/openapi.json'), 'utf8'));
const operations = Object.fromEntries(
  Object.values(contract.paths as Record<string, Record<string, { operationId?: string }>>)
    .flatMap((item) => Object.values(item))
    .map((op) => [op.operationId, op]),
) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed document
const ONE_BOOK = ['getBook', 'replaceBook', 'updateBook', 'deleteBook'];

describe('the books contract', () => {
  it('names its schemas without a framework suffix', () => {
    for (const name of ['Book', 'BookInput', 'BookPatch', 'BookPage', 'BookSort']) {
      expect(contract.components.schemas).toHaveProperty(name);
    }
    expect(Object.keys(contract.components.schemas).filter((n) => n.startsWith('Book') && n.endsWith('Dto'))).toEqual(
      [],
    );
  });

  it('closes both request bodies', () => {
    expect(contract.components.schemas.BookInput.additionalProperties).toBe(false);
    expect(contract.components.schemas.BookPatch.additionalProperties).toBe(false);
  });

  it.each(ONE_BOOK)('declares the id of %s as a UUID', (operationId) => {
    const id = operations[operationId].parameters.find((p: { name: string }) => p.name === 'id');
    expect(id).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
  });

  it('declares updateBook as a JSON Merge Patch first, application/json still accepted', () => {
    expect(Object.keys(operations.updateBook.requestBody.content)).toEqual([
      'application/merge-patch+json',
      'application/json',
    ]);
  });

  it('names every sort value for generated enums', () => {
    const sort = contract.components.schemas.BookSort;
    expect(sort['x-enum-varnames']).toEqual([
      'TITLE',
      'TITLE_DESC',
      'PUBLISHED_YEAR',
      'PUBLISHED_YEAR_DESC',
      'CREATED_AT',
      'CREATED_AT_DESC',
    ]);
    expect(sort['x-enumNames']).toEqual(sort['x-enum-varnames']);
    expect(sort.enum).toHaveLength(6);
  });

  it('links a created or fetched book to the operations on it, and a page to the next one', () => {
    for (const [operationId, status] of [
      ['createBook', '201'],
      ['getBook', '200'],
      ['replaceBook', '200'],
      ['updateBook', '200'],
    ]) {
      const links = operations[operationId].responses[status].links;
      expect(Object.keys(links).sort()).toEqual([...ONE_BOOK].sort());
      for (const target of ONE_BOOK) {
        expect(links[target]).toMatchObject({ operationId: target, parameters: { id: '$response.body#/id' } });
      }
    }
    expect(operations.listBooks.responses['200'].links.nextPage).toMatchObject({
      operationId: 'listBooks',
      parameters: { cursor: '$response.body#/nextCursor' },
    });
  });

  it('types the headers each book operation sends', () => {
    const integer = { schema: { type: 'integer' } };
    for (const [operationId, status] of [
      ['listBooks', '200'],
      ['getBook', '200'],
      ['getBook', '304'],
      ['createBook', '201'],
      ['replaceBook', '200'],
      ['updateBook', '200'],
      ['deleteBook', '204'],
    ]) {
      const headers = operations[operationId].responses[status].headers;
      for (const name of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']) {
        expect([operationId, status, name, headers[name]]).toEqual([
          operationId,
          status,
          name,
          expect.objectContaining(integer),
        ]);
      }
      if (operationId !== 'listBooks' && operationId !== 'deleteBook') {
        expect(headers.ETag).toMatchObject({ schema: { type: 'string' } });
      }
    }
    const created = operations.createBook.responses['201'].headers;
    expect(created.Location).toMatchObject({ schema: { type: 'string' } });
    expect(created['Idempotency-Replayed']).toMatchObject({ schema: { type: 'string', enum: ['true'] } });
    for (const op of Object.values(operations).filter((o) => o.tags?.includes('books'))) {
      expect(op.responses['429'].headers['Retry-After']).toMatchObject(integer);
      expect(op.responses['503'].headers['Retry-After']).toMatchObject(integer);
    }
  });
});
