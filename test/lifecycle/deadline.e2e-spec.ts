import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createTestApp } from '../support/test-app';
import { eventually, jsonOf } from '../support/probes';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';

// The request's time limit (REQUEST_TIMEOUT_MS) on the real app and PostgreSQL: a handler held up by a
// locked table is answered 503 at the deadline; its late answer is dropped and the service goes on serving.

const REQUEST_TIMEOUT_MS = 400;

describePostgres('the request deadline', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let url: string;
  let locker: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ DATABASE_URL: db.url, REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/api/v1/books`;
    locker = new Client({ connectionString: db.url });
    await locker.connect();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await locker?.end();
    await app?.close();
    await db?.drop();
  });

  it('answers a request its handler cannot finish in time with a 503 problem, then serves the next one', async () => {
    const created = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Held up', authors: ['Dead Line'] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await jsonOf(created)) as { id: string };

    await locker.query('BEGIN');
    await locker.query('LOCK TABLE books IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    const held = await fetch(`${url}/${id}`, { headers: { 'X-Request-ID': 'held-up-request' } });
    const tookMs = Date.now() - started;
    await locker.query('COMMIT');

    expect(held.status).toBe(503);
    expect(tookMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 20);
    expect(tookMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(held.headers.get('retry-after')).toBe('1');
    expect(held.headers.get('x-request-id')).toBe('held-up-request');
    expect(held.headers.get('x-content-type-options')).toBe('nosniff');
    expect(held.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await jsonOf(held)).toEqual({
      type: 'https://book-library.dev/problems/response-timeout',
      title: 'Request timed out',
      status: 503,
      detail: `The request was not answered within ${REQUEST_TIMEOUT_MS} ms; retry later`,
      instance: `/api/v1/books/${id}`,
    });

    // The held-up handler finishes once the lock is gone; its answer goes nowhere and nothing breaks.
    await eventually('the book answered again', async () => (await fetch(`${url}/${id}`)).status === 200, 5_000);
    const listed = await fetch(`${url}?limit=1`);
    expect(listed.status).toBe(200);
  });
});
