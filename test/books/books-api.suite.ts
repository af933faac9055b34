import type { Book, BookInput, BookLibraryApi, BookPatch } from '../../libs/sdk/src';
import { etagOf, ifMatch, ifNoneMatch } from '../../libs/sdk/src';
import type TestAgent from 'supertest/lib/agent';
import { dune, isbn13For } from '../support/books.fixtures';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

/** The key the suites configure (API_KEYS) and write with. */
export const E2E_API_KEY = 'e2e-writer-key-0123456789';

/**
 * Environment for the app under test: a small body limit (413 is cheap to reach), a write key, and rate
 * limits well above the suite's few hundred requests (429 has its own test).
 */
export const BOOKS_API_ENV = {
  BODY_LIMIT_BYTES: '4096',
  API_KEYS: E2E_API_KEY,
  RATE_LIMIT_READ_PER_MINUTE: '100000',
  RATE_LIMIT_WRITE_PER_MINUTE: '100000',
};

/** Where the books suite sends its requests. */
export interface BooksApiTarget {
  /** The generated SDK, pointed at the server under test (the app itself, or the contract-checking proxy before it). */
  api: BookLibraryApi;
  /** The same server for raw HTTP the SDK cannot send (another content type), with the write key. */
  http: TestAgent;
  /** The app itself, for requests outside the contract or that no validating proxy forwards (malformed JSON). */
  direct: TestAgent;
  close(): Promise<void>;
}

const PROBLEM = /^application\/problem\+json/;
const MERGE_PATCH = 'application/merge-patch+json';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** What every answer is checked by: status, headers and the parsed body (the problem for an error). */
interface Answer {
  status: number;
  header(name: string): string | null | undefined;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary fields
}

/** An SDK result: `data` on 2xx, `error` (the problem+json body) otherwise. */
function answer(result: { response?: Response; data?: unknown; error?: unknown }): Answer {
  if (!result.response) throw new Error(`no response: ${String(result.error)}`);
  const response = result.response;
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    body: response.ok ? result.data : result.error,
  };
}

/** A raw supertest response. */
function raw(res: { status: number; headers: Record<string, string>; body: unknown }): Answer {
  return { status: res.status, header: (name) => res.headers[name.toLowerCase()], body: res.body };
}

/** Bodies the SDK's types refuse on purpose (unknown fields, wrong types): the server must refuse them too. */
const untyped = <T>(body: unknown) => body as T;

export function expectProblem(res: Answer, status: number) {
  expect(res.status).toBe(status);
  expect(res.header('content-type')).toMatch(PROBLEM);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https:\/\//),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.stringMatching(/^\//),
    }),
  );
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(js|ts):\d+/); // never a stack trace
}

/** Every endpoint and every error status, through the SDK against `connect()`'s server. */
export function booksApiSuite(connect: () => Promise<BooksApiTarget>) {
  let target: BooksApiTarget;
  let api: BookLibraryApi;

  // A cold app (PGlite, migrations) takes 5–45 s on a busy 2-core machine; the proxy a few more.
  beforeAll(async () => {
    target = await connect();
    api = target.api;
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await target?.close();
  }, APP_START_HOOK_TIMEOUT_MS);

  async function create(body: BookInput) {
    const res = answer(await api.createBook({ body }));
    expect(res.status).toBe(201);
    return res as Answer & { body: Book };
  }
  const get = async (id: string, etag?: string) =>
    answer(await api.getBook({ path: { id }, headers: etag === undefined ? undefined : ifNoneMatch(etag) }));
  const replace = async (id: string, body: BookInput, etag?: string) =>
    answer(await api.replaceBook({ path: { id }, body, headers: etag === undefined ? undefined : ifMatch(etag) }));
  const patch = async (id: string, body: BookPatch, etag?: string) =>
    answer(
      await api.updateBook({
        path: { id },
        body,
        headers: { 'Content-Type': MERGE_PATCH, ...(etag === undefined ? {} : ifMatch(etag)) },
      }),
    );
  const remove = async (id: string, etag?: string) =>
    answer(await api.deleteBook({ path: { id }, headers: etag === undefined ? undefined : ifMatch(etag) }));

  describe('POST /api/v1/books', () => {
    it('creates a normalised book with Location and ETag', async () => {
      const res = await create(dune);
      expect(res.header('location')).toBe(`/api/v1/books/${res.body.id}`);
      expect(res.header('etag')).toBe('"1"');
      expect(res.body).toEqual({
        ...dune,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        isbn: '9780441172719',
        tags: ['science-fiction', 'classic'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: res.body.createdAt,
        version: 1,
      });
      const read = await get(res.body.id);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('accepts an ISBN-10 and returns its 13-digit form', async () => {
      const res = await create({ title: 'Test', authors: ['T'], isbn: '0-306-40615-2' });
      expect(res.body.isbn).toBe('9780306406157');
    });

    it('names every bad field in one 400', async () => {
      const res = answer(
        await api.createBook({
          body: untyped({
            title: '  ',
            authors: ['ok', '', 7],
            isbn: '978-0-441-17271-0',
            language: 'EN',
            pageCount: 0,
          }),
        }),
      );
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['authors[1]', 'authors[2]', 'isbn', 'language', 'pageCount', 'title'].sort(),
      );
    });

    it('rejects an unknown property (400) and a wrong type (400)', async () => {
      const unknown = answer(await api.createBook({ body: untyped({ ...dune, isbn: undefined, rating: 5 }) }));
      expectProblem(unknown, 400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'rating' })]);
      const wrongType = answer(await api.createBook({ body: untyped({ title: 'x', authors: 'Frank Herbert' }) }));
      expectProblem(wrongType, 400);
      expect(wrongType.body.errors[0].field).toBe('authors');
    });

    it('answers malformed JSON with 400', async () => {
      const res = raw(
        await target.direct.post('/api/v1/books').set('Content-Type', 'application/json').send('{"title": "x",'),
      );
      expectProblem(res, 400);
      expect(res.body.type).toMatch(/malformed-json$/);
    });

    it('answers a body over the limit with 413', async () => {
      const res = answer(await api.createBook({ body: { title: 'x', authors: ['y'], description: 'z'.repeat(5000) } }));
      expectProblem(res, 413);
    });

    it('answers another content type with 415', async () => {
      const res = raw(await target.http.post('/api/v1/books').set('Content-Type', 'text/plain').send('title=x'));
      expectProblem(res, 415);
      expect(res.header('accept')).toBe('application/json');
    });

    it('answers a duplicate ISBN with 409 naming the existing book', async () => {
      const first = await create({ title: 'First', authors: ['A'], isbn: isbn13For(1) });
      const res = answer(await api.createBook({ body: { title: 'Second', authors: ['B'], isbn: isbn13For(1) } }));
      expectProblem(res, 409);
      expect(res.body.existingId).toBe(first.body.id);
    });
  });

  describe('GET /api/v1/books/{id}', () => {
    it('answers 304 to a matching If-None-Match', async () => {
      const { body } = await create({ title: 'Cached', authors: ['C'] });
      const first = await get(body.id);
      expect(first.status).toBe(200);
      expect(first.header('etag')).toBe('"1"');
      expect((await get(body.id, '"1"')).status).toBe(304);
      expect((await get(body.id, 'W/"1"')).status).toBe(304);
      expect((await get(body.id, '"2"')).status).toBe(200);
    });

    it('answers 400 for an id that is not a UUID and 404 for a missing book', async () => {
      const bad = await get('not-a-uuid');
      expectProblem(bad, 400);
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      expectProblem(await get(MISSING_ID), 404);
    });
  });

  describe('PUT /api/v1/books/{id}', () => {
    it('replaces every field, removing optionals not sent', async () => {
      const { body } = await create({ ...dune, isbn: isbn13For(2) });
      const res = await replace(body.id, { title: 'Dune (revised)', authors: ['F. Herbert'] });
      expect(res.status).toBe(200);
      expect(res.header('etag')).toBe('"2"');
      expect(res.body).toEqual({
        id: body.id,
        title: 'Dune (revised)',
        authors: ['F. Herbert'],
        tags: [],
        createdAt: body.createdAt,
        updatedAt: expect.any(String),
        version: 2,
      });
    });

    it('honours If-Match: stale → 412 and nothing changes', async () => {
      const created = await api.createBook({ body: { title: 'Guarded', authors: ['G'] } });
      const [id, etag] = [created.data!.id, etagOf(created.response)!];
      expect(etag).toBe('"1"');
      expect((await replace(id, { title: 'v2', authors: ['G'] }, etag)).status).toBe(200);
      const stale = await replace(id, { title: 'lost', authors: ['G'] }, etag);
      expectProblem(stale, 412);
      expect((await get(id)).body.title).toBe('v2');
    });

    it('validates like create and answers 404 for a missing book', async () => {
      const { body } = await create({ title: 'Valid', authors: ['V'] });
      expectProblem(await replace(body.id, untyped({ title: 'No authors' })), 400);
      expectProblem(await replace(MISSING_ID, { title: 't', authors: ['a'] }), 404);
    });

    it('answers 409 when the replacement takes another book’s ISBN', async () => {
      const a = await create({ title: 'A', authors: ['A'], isbn: isbn13For(5) });
      const b = await create({ title: 'B', authors: ['B'] });
      const res = await replace(b.body.id, { title: 'B', authors: ['B'], isbn: isbn13For(5) });
      expectProblem(res, 409);
      expect(res.body.existingId).toBe(a.body.id);
    });
  });

  describe('PATCH /api/v1/books/{id}', () => {
    it('merges fields; null removes an optional field', async () => {
      const { body } = await create({ ...dune, isbn: isbn13For(3) });
      const res = await patch(body.id, { pageCount: null, tags: ['Epic'], title: 'Dune!' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ title: 'Dune!', tags: ['epic'], version: 2, authors: dune.authors });
      expect(res.body).not.toHaveProperty('pageCount');
      expect(res.header('etag')).toBe('"2"');
    });

    it('refuses to remove a required field, and unknown or read-only fields', async () => {
      const { body } = await create({ title: 'Keep', authors: ['K'] });
      const res = await patch(body.id, untyped({ title: null }));
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('title');
      expectProblem(await patch(body.id, untyped({ version: 9 })), 400);
      expect((await get(body.id)).body).toMatchObject({ title: 'Keep', version: 1 });
    });

    it('takes a merge patch as application/json too; the SDK sends it as merge-patch by default', async () => {
      const { body } = await create({ title: 'Types', authors: ['T'] });
      const asJson = raw(
        await target.http
          .patch(`/api/v1/books/${body.id}`)
          .set('Content-Type', 'application/json')
          .send({ pageCount: 7 }),
      );
      expect([asJson.status, asJson.body.pageCount]).toEqual([200, 7]);
      const byDefault = answer(await api.updateBook({ path: { id: body.id }, body: { pageCount: null } }));
      expect(byDefault.status).toBe(200);
      expect(byDefault.body).not.toHaveProperty('pageCount');
    });

    it('answers 412 to a stale If-Match, 404 to a missing book, 415 to another type', async () => {
      const { body } = await create({ title: 'P', authors: ['P'] });
      expectProblem(await patch(body.id, { title: 'x' }, '"7"'), 412);
      expectProblem(await patch(MISSING_ID, { title: 'x' }), 404);
      const wrongType = raw(
        await target.http.patch(`/api/v1/books/${body.id}`).set('Content-Type', 'application/xml').send('<x/>'),
      );
      expectProblem(wrongType, 415);
    });

    it('answers 409 when the patch takes another book’s ISBN', async () => {
      const a = await create({ title: 'A', authors: ['A'], isbn: isbn13For(4) });
      const b = await create({ title: 'B', authors: ['B'] });
      const res = await patch(b.body.id, { isbn: isbn13For(4) });
      expectProblem(res, 409);
      expect(res.body.existingId).toBe(a.body.id);
    });

    it('lets exactly one of two concurrent PATCHes with the same If-Match win', async () => {
      const { body } = await create({ title: 'Race', authors: ['R'] });
      const results = await Promise.all(['left', 'right'].map((title) => patch(body.id, { title }, '"1"')));
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const stored = await get(body.id);
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ title: winner.body.title, version: 2 });
    });
  });

  describe('DELETE /api/v1/books/{id}', () => {
    it('deletes (204), then 404; a stale If-Match is 412 and keeps the book', async () => {
      const { body } = await create({ title: 'Gone', authors: ['G'] });
      expectProblem(await remove(body.id, '"3"'), 412);
      expect((await get(body.id)).status).toBe(200);
      expect((await remove(body.id, '"1"')).status).toBe(204);
      expect((await get(body.id)).status).toBe(404);
      expectProblem(await remove(body.id), 404);
    });
  });

  describe('every operation on one book', () => {
    it('answers 400 for an id that is not a UUID', async () => {
      const book = { title: 't', authors: ['a'] };
      for (const res of [
        await replace('not-a-uuid', book),
        await patch('not-a-uuid', { title: 'x' }),
        await remove('not-a-uuid'),
      ]) {
        expectProblem(res, 400);
        expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      }
    });

    it('answers a body over the limit with 413 on PUT and PATCH', async () => {
      const { body } = await create({ title: 'Big', authors: ['B'] });
      const description = 'z'.repeat(5000);
      expectProblem(await replace(body.id, { title: 'x', authors: ['y'], description }), 413);
      expectProblem(await patch(body.id, { description }), 413);
    });

    it('answers another content type on PUT with 415', async () => {
      const { body } = await create({ title: 'Typed', authors: ['T'] });
      const res = raw(await target.http.put(`/api/v1/books/${body.id}`).set('Content-Type', 'text/csv').send('t,a'));
      expectProblem(res, 415);
    });
  });

  describe('GET /api/v1/books', () => {
    it('pages with an opaque cursor, filters and sorts', async () => {
      for (let i = 0; i < 5; i++)
        await create({ title: `Series ${i}`, authors: ['Paging Author'], publishedYear: 2000 + i, tags: ['paging'] });
      const first = answer(await api.listBooks({ query: { tag: 'paging', limit: 2, sort: '-publishedYear' } }));
      expect(first.status).toBe(200);
      expect(first.body.items.map((b: Book) => b.title)).toEqual(['Series 4', 'Series 3']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = answer(
        await api.listBooks({
          query: { tag: 'paging', limit: 2, sort: '-publishedYear', cursor: first.body.nextCursor },
        }),
      );
      expect(second.status).toBe(200);
      expect(second.body.items.map((b: Book) => b.title)).toEqual(['Series 2', 'Series 1']);
      const filtered = answer(await api.listBooks({ query: { author: 'paging author', publishedYearFrom: 2003 } }));
      expect(filtered.status).toBe(200);
      expect(filtered.body).toEqual({
        items: [expect.objectContaining({ title: 'Series 3' }), expect.objectContaining({ title: 'Series 4' })],
        nextCursor: null,
      });
    });

    it('rejects bad parameters with 400 naming them', async () => {
      const res = answer(await api.listBooks({ query: untyped({ limit: '500', sort: 'rating', cursor: 'bogus!' }) }));
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'sort']);
      const cursor = answer(await api.listBooks({ query: { cursor: 'bogus' } }));
      expectProblem(cursor, 400);
      expect(cursor.body.errors[0].field).toBe('cursor');
    });
  });

  describe('unknown routes', () => {
    it.each(['/nope', '/api/v1/nope', '/api/v2/books'])('%s is a problem+json 404', async (path) => {
      expectProblem(raw(await target.direct.get(path)), 404);
    });
  });

  describe('/docs', () => {
    it('serves Swagger UI and the live OpenAPI document', async () => {
      const ui = await target.direct.get('/docs').expect(200);
      expect(ui.text).toContain('swagger-ui');
      const doc = await target.direct.get('/docs/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/books', '/api/v1/books/{id}']));
    });
  });
}
