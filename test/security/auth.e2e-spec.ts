import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { dune } from '../support/books.fixtures';
import { createTestApp } from '../support/test-app';
import { expectProblem } from '../support/problem';
import { newApiKey } from '../support/security/keys';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

const BOOKS = '/api/v1/books';

describe('API keys on writes', () => {
  const [keyA, keyB] = [newApiKey(), newApiKey()];
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let bookId: string;

  beforeAll(async () => {
    app = await createTestApp({ API_KEYS: `${keyA},${keyB}` });
    http = request(app.getHttpServer());
    bookId = (await http.post(BOOKS).set('X-API-Key', keyA).send(dune).expect(201)).body.id;
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app?.close());

  const writes = () =>
    [
      ['POST', () => http.post(BOOKS).send({ ...dune, isbn: undefined })],
      ['PUT', () => http.put(`${BOOKS}/${bookId}`).send(dune)],
      ['PATCH', () => http.patch(`${BOOKS}/${bookId}`).type('application/merge-patch+json').send({ pageCount: 413 })],
      ['DELETE', () => http.delete(`${BOOKS}/00000000-0000-4000-8000-000000000000`)],
    ] as const;

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'refuses %s without a key: 401 problem with WWW-Authenticate: Bearer',
    async (method) => {
      const write = writes().find(([m]) => m === method)![1];
      const res = await write();
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="book-library"$/);
      expect(res.body.detail).toMatch(/API key/);
    },
  );

  it.each([
    ['a wrong X-API-Key', { 'X-API-Key': 'not-the-key-0123456789' }],
    ['a wrong bearer key', { Authorization: 'Bearer not-the-key-0123456789' }],
    ['a key with a different case', { 'X-API-Key': keyA.toUpperCase() }],
    ['a key with a suffix', { 'X-API-Key': `${keyA}x` }],
    ['an empty X-API-Key', { 'X-API-Key': '' }],
    ['Basic credentials', { Authorization: `Basic ${Buffer.from(`user:${keyA}`).toString('base64')}` }],
  ])('refuses %s with 401 invalid_token, never echoing it', async (_name, headers) => {
    const res = await http
      .post(BOOKS)
      .set(headers)
      .send({ title: 'T', authors: ['A'] });
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    for (const value of Object.values(headers)) if (value) expect(JSON.stringify(res.body)).not.toContain(value);
  });

  describe('several credentials: any invalid one fails the write, whatever else is presented', () => {
    const garbage = 'not-the-key-0123456789';
    it.each([
      ['a valid X-API-Key and a garbage Bearer', () => ({ 'X-API-Key': keyA, Authorization: `Bearer ${garbage}` })],
      ['a valid X-API-Key and a malformed Authorization', () => ({ 'X-API-Key': keyA, Authorization: 'Basic abc' })],
      ['a wrong X-API-Key and a valid Bearer key', () => ({ 'X-API-Key': garbage, Authorization: `Bearer ${keyA}` })],
      ['a wrong X-API-Key and a garbage Bearer', () => ({ 'X-API-Key': garbage, Authorization: `Bearer ${garbage}` })],
    ])('refuses %s with 401 invalid_token and creates nothing', async (_name, headers) => {
      const title = `Both ${_name}`;
      const res = await http
        .post(BOOKS)
        .set(headers())
        .send({ title, authors: ['A'] });
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      const listed = await http.get(BOOKS).query({ q: title }).expect(200);
      expect(listed.body.items).toEqual([]);
    });

    it.each([
      ['the same key in both headers', () => ({ 'X-API-Key': keyA, Authorization: `Bearer ${keyA}` })],
      ['two different valid keys', () => ({ 'X-API-Key': keyA, Authorization: `Bearer ${keyB}` })],
    ])('lets %s write', async (_name, headers) => {
      await http
        .post(BOOKS)
        .set(headers())
        .send({ title: 'Doubly keyed', authors: ['K'] })
        .expect(201);
    });
  });

  it('answers 401 before looking at the body or its media type', async () => {
    const res = await http.post(BOOKS).set('Content-Type', 'text/plain').send('not json');
    expectProblem(res, 401);
  });

  it.each([
    ['X-API-Key', (key: string) => ({ 'X-API-Key': key })],
    ['Authorization: Bearer', (key: string) => ({ Authorization: `Bearer ${key}` })],
    ['Authorization: bearer (any case)', (key: string) => ({ Authorization: `bearer ${key}` })],
  ])('lets a valid key write through %s', async (_name, headers) => {
    for (const key of [keyA, keyB]) {
      const created = await http
        .post(BOOKS)
        .set(headers(key))
        .send({ title: 'Keyed', authors: ['K'] })
        .expect(201);
      const id = created.body.id as string;
      await http
        .put(`${BOOKS}/${id}`)
        .set(headers(key))
        .send({ title: 'Keyed 2', authors: ['K'] })
        .expect(200);
      await http
        .patch(`${BOOKS}/${id}`)
        .set(headers(key))
        .type('application/merge-patch+json')
        .send({ pageCount: 9 })
        .expect(200);
      await http.delete(`${BOOKS}/${id}`).set(headers(key)).expect(204);
    }
  });

  it('keeps reads public, even with a wrong key', async () => {
    await http.get(BOOKS).expect(200);
    await http.get(`${BOOKS}/${bookId}`).expect(200);
    await http.get(BOOKS).set('X-API-Key', 'wrong-key-0123456789').expect(200);
  });

  it('never needs a key for the operational endpoints', async () => {
    await http.get('/health').expect(200);
    await http.get('/docs/openapi.json').expect(200);
  });
});

describe('writes with no key configured (development/test)', () => {
  let app: INestApplication;
  afterAll(() => app?.close());

  it(
    'are open to anyone',
    async () => {
      app = await createTestApp();
      await request(app.getHttpServer()).post(BOOKS).send(dune).expect(201);
    },
    APP_START_HOOK_TIMEOUT_MS,
  );
});
