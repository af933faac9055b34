import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { dune, isbn13For } from '../support/books.fixtures';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';

const PROBLEM = /^application\/problem\+json/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe('Books API over HTTP on PGlite', () => booksApi(async () => ({ env: {}, cleanup: async () => undefined })));

describePostgres('Books API over HTTP on PostgreSQL', () =>
  booksApi(async () => {
    const db: TestDatabase = await createTestDatabase();
    return { env: { DATABASE_URL: db.url }, cleanup: () => db.drop() };
  }),
);

/** Every endpoint and every error status, against the real app on the given database. */
function booksApi(setup: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const database = await setup();
    cleanup = database.cleanup;
    app = await createTestApp({ BODY_LIMIT_BYTES: '4096', ...database.env });
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  const create = (body: object) => http.post('/api/v1/books').send(body).expect(201);

  function expectProblem(res: request.Response, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
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

  describe('POST /api/v1/books', () => {
    it('creates a normalised book with Location and ETag', async () => {
      const res = await create(dune);
      expect(res.headers.location).toBe(`/api/v1/books/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        ...dune,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        isbn: '9780441172719',
        tags: ['science-fiction', 'classic'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: res.body.createdAt,
        version: 1,
      });
      const read = await http.get(res.headers.location).expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('accepts an ISBN-10 and returns its 13-digit form', async () => {
      const res = await create({ title: 'Test', authors: ['T'], isbn: '0-306-40615-2' });
      expect(res.body.isbn).toBe('9780306406157');
    });

    it('names every bad field in one 400', async () => {
      const res = await http
        .post('/api/v1/books')
        .send({ title: '  ', authors: ['ok', '', 7], isbn: '978-0-441-17271-0', language: 'EN', pageCount: 0 });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['authors[1]', 'authors[2]', 'isbn', 'language', 'pageCount', 'title'].sort(),
      );
    });

    it('rejects an unknown property (400) and a wrong type (400)', async () => {
      const unknown = await http.post('/api/v1/books').send({ ...dune, isbn: undefined, rating: 5 });
      expectProblem(unknown, 400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'rating' })]);
      const wrongType = await http.post('/api/v1/books').send({ title: 'x', authors: 'Frank Herbert' });
      expectProblem(wrongType, 400);
      expect(wrongType.body.errors[0].field).toBe('authors');
    });

    it('answers malformed JSON with 400', async () => {
      const res = await http.post('/api/v1/books').set('Content-Type', 'application/json').send('{"title": "x",');
      expectProblem(res, 400);
      expect(res.body.type).toMatch(/malformed-json$/);
    });

    it('answers a body over the limit with 413', async () => {
      const res = await http.post('/api/v1/books').send({ title: 'x', authors: ['y'], description: 'z'.repeat(5000) });
      expectProblem(res, 413);
    });

    it('answers another content type with 415', async () => {
      const res = await http.post('/api/v1/books').set('Content-Type', 'text/plain').send('title=x');
      expectProblem(res, 415);
      expect(res.headers.accept).toBe('application/json');
    });

    it('answers a duplicate ISBN with 409 naming the existing book', async () => {
      const first = await create({ title: 'First', authors: ['A'], isbn: isbn13For(1) });
      const res = await http.post('/api/v1/books').send({ title: 'Second', authors: ['B'], isbn: isbn13For(1) });
      expectProblem(res, 409);
      expect(res.body.existingId).toBe(first.body.id);
    });
  });

  describe('GET /api/v1/books/{id}', () => {
    it('answers 304 to a matching If-None-Match', async () => {
      const { body } = await create({ title: 'Cached', authors: ['C'] });
      const first = await http.get(`/api/v1/books/${body.id}`).expect(200);
      expect(first.headers.etag).toBe('"1"');
      await http.get(`/api/v1/books/${body.id}`).set('If-None-Match', '"1"').expect(304);
      await http.get(`/api/v1/books/${body.id}`).set('If-None-Match', 'W/"1"').expect(304);
      await http.get(`/api/v1/books/${body.id}`).set('If-None-Match', '"2"').expect(200);
    });

    it('answers 400 for an id that is not a UUID and 404 for a missing book', async () => {
      const bad = await http.get('/api/v1/books/not-a-uuid');
      expectProblem(bad, 400);
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      expectProblem(await http.get(`/api/v1/books/${MISSING_ID}`), 404);
    });
  });

  describe('PUT /api/v1/books/{id}', () => {
    it('replaces every field, removing optionals not sent', async () => {
      const { body } = await create({ ...dune, isbn: isbn13For(2) });
      const res = await http
        .put(`/api/v1/books/${body.id}`)
        .send({ title: 'Dune (revised)', authors: ['F. Herbert'] })
        .expect(200);
      expect(res.headers.etag).toBe('"2"');
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
      const { body } = await create({ title: 'Guarded', authors: ['G'] });
      await http
        .put(`/api/v1/books/${body.id}`)
        .set('If-Match', '"1"')
        .send({ title: 'v2', authors: ['G'] })
        .expect(200);
      const stale = await http
        .put(`/api/v1/books/${body.id}`)
        .set('If-Match', '"1"')
        .send({ title: 'lost', authors: ['G'] });
      expectProblem(stale, 412);
      expect((await http.get(`/api/v1/books/${body.id}`)).body.title).toBe('v2');
    });

    it('validates like create and answers 404 for a missing book', async () => {
      const { body } = await create({ title: 'Valid', authors: ['V'] });
      expectProblem(await http.put(`/api/v1/books/${body.id}`).send({ title: 'No authors' }), 400);
      expectProblem(await http.put(`/api/v1/books/${MISSING_ID}`).send({ title: 't', authors: ['a'] }), 404);
    });
  });

  describe('PATCH /api/v1/books/{id}', () => {
    const patch = (id: string) => http.patch(`/api/v1/books/${id}`).set('Content-Type', 'application/merge-patch+json');

    it('merges fields; null removes an optional field', async () => {
      const { body } = await create({ ...dune, isbn: isbn13For(3) });
      const res = await patch(body.id)
        .send(JSON.stringify({ pageCount: null, tags: ['Epic'], title: 'Dune!' }))
        .expect(200);
      expect(res.body).toMatchObject({ title: 'Dune!', tags: ['epic'], version: 2, authors: dune.authors });
      expect(res.body).not.toHaveProperty('pageCount');
      expect(res.headers.etag).toBe('"2"');
    });

    it('refuses to remove a required field, and unknown or read-only fields', async () => {
      const { body } = await create({ title: 'Keep', authors: ['K'] });
      const res = await patch(body.id).send(JSON.stringify({ title: null }));
      expectProblem(res, 400);
      expect(res.body.errors[0].field).toBe('title');
      expectProblem(await patch(body.id).send(JSON.stringify({ version: 9 })), 400);
      expect((await http.get(`/api/v1/books/${body.id}`)).body).toMatchObject({ title: 'Keep', version: 1 });
    });

    it('answers 412 to a stale If-Match, 404 to a missing book, 415 to another type', async () => {
      const { body } = await create({ title: 'P', authors: ['P'] });
      expectProblem(
        await patch(body.id)
          .set('If-Match', '"7"')
          .send(JSON.stringify({ title: 'x' })),
        412,
      );
      expectProblem(await patch(MISSING_ID).send(JSON.stringify({ title: 'x' })), 404);
      const wrongType = await http
        .patch(`/api/v1/books/${body.id}`)
        .set('Content-Type', 'application/xml')
        .send('<x/>');
      expectProblem(wrongType, 415);
    });

    it('answers 409 when the patch takes another book’s ISBN', async () => {
      const a = await create({ title: 'A', authors: ['A'], isbn: isbn13For(4) });
      const b = await create({ title: 'B', authors: ['B'] });
      const res = await patch(b.body.id).send(JSON.stringify({ isbn: isbn13For(4) }));
      expectProblem(res, 409);
      expect(res.body.existingId).toBe(a.body.id);
    });

    it('lets exactly one of two concurrent PATCHes with the same If-Match win', async () => {
      const { body } = await create({ title: 'Race', authors: ['R'] });
      const results = await Promise.all(
        ['left', 'right'].map((title) => patch(body.id).set('If-Match', '"1"').send(JSON.stringify({ title }))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      const stored = await http.get(`/api/v1/books/${body.id}`).expect(200);
      expect(stored.body).toMatchObject({ title: winner.body.title, version: 2 });
    });
  });

  describe('DELETE /api/v1/books/{id}', () => {
    it('deletes (204), then 404; a stale If-Match is 412 and keeps the book', async () => {
      const { body } = await create({ title: 'Gone', authors: ['G'] });
      expectProblem(await http.delete(`/api/v1/books/${body.id}`).set('If-Match', '"3"'), 412);
      await http.get(`/api/v1/books/${body.id}`).expect(200);
      await http.delete(`/api/v1/books/${body.id}`).set('If-Match', '"1"').expect(204);
      await http.get(`/api/v1/books/${body.id}`).expect(404);
      expectProblem(await http.delete(`/api/v1/books/${body.id}`), 404);
    });
  });

  describe('GET /api/v1/books', () => {
    it('pages with an opaque cursor, filters and sorts', async () => {
      for (let i = 0; i < 5; i++)
        await create({ title: `Series ${i}`, authors: ['Paging Author'], publishedYear: 2000 + i, tags: ['paging'] });
      const first = await http
        .get('/api/v1/books')
        .query({ tag: 'paging', limit: 2, sort: '-publishedYear' })
        .expect(200);
      expect(first.body.items.map((b: { title: string }) => b.title)).toEqual(['Series 4', 'Series 3']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await http
        .get('/api/v1/books')
        .query({ tag: 'paging', limit: 2, sort: '-publishedYear', cursor: first.body.nextCursor })
        .expect(200);
      expect(second.body.items.map((b: { title: string }) => b.title)).toEqual(['Series 2', 'Series 1']);
      const filtered = await http
        .get('/api/v1/books')
        .query({ author: 'paging author', publishedYearFrom: 2003 })
        .expect(200);
      expect(filtered.body).toEqual({
        items: [expect.objectContaining({ title: 'Series 3' }), expect.objectContaining({ title: 'Series 4' })],
        nextCursor: null,
      });
    });

    it('rejects bad parameters with 400 naming them', async () => {
      const res = await http.get('/api/v1/books').query({ limit: '500', sort: 'rating', cursor: 'bogus!' });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'sort']);
      const cursor = await http.get('/api/v1/books').query({ cursor: 'bogus' });
      expectProblem(cursor, 400);
      expect(cursor.body.errors[0].field).toBe('cursor');
    });
  });

  describe('unknown routes', () => {
    it.each(['/nope', '/api/v1/nope', '/api/v2/books'])('%s is a problem+json 404', async (path) => {
      expectProblem(await http.get(path), 404);
    });
  });

  describe('/docs', () => {
    it('serves Swagger UI and the live OpenAPI document', async () => {
      const ui = await http.get('/docs').expect(200);
      expect(ui.text).toContain('swagger-ui');
      const doc = await http.get('/docs/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/books', '/api/v1/books/{id}']));
    });
  });
}
