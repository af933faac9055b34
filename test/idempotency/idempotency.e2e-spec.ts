import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { dune } from '../support/books.fixtures';
import { createTestApp } from '../support/test-app';
import { jsonOf } from '../support/probes';
import { createTestDatabase, describePostgres } from '../support/test-database';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

// Idempotency-Key on POST /api/v1/books (draft-ietf-httpapi-idempotency-key-header), in process.
// Chosen: a retry while the first request is still in flight gets 409 (Retry-After: 1), as the draft
// says; once the first has finished, every retry gets its stored response again.

const PROBLEM = /^application\/problem\+json/;

describe('Idempotency-Key on PGlite', () =>
  idempotencyContract(async () => ({ env: {}, cleanup: async () => undefined })));

describePostgres('Idempotency-Key on PostgreSQL', () =>
  idempotencyContract(async () => {
    const db = await createTestDatabase();
    return { env: { DATABASE_URL: db.url }, cleanup: () => db.drop() };
  }),
);

describe('Idempotency-Key retention', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    app = await createTestApp({ IDEMPOTENCY_TTL_SECONDS: '1' });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app?.close());

  it('forgets a key after IDEMPOTENCY_TTL_SECONDS: the same key then creates a new book', async () => {
    const post = () =>
      fetch(`${url}/api/v1/books`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'short-lived' },
        body: JSON.stringify({ title: 'Retention', authors: ['Key Holder'] }),
      });
    const first = await jsonOf(await post());
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = await post();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotency-replayed')).toBeNull();
    expect((await jsonOf(second)).id).not.toBe(first.id);
  });
});

describe('Idempotency-Key per client', () => {
  const [keyA, keyB] = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    app = await createTestApp({ API_KEYS: `${keyA},${keyB}` });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app?.close());

  const post = (apiKey: string, body: object) =>
    fetch(`${url}/api/v1/books`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey, 'Idempotency-Key': 'shared-key' },
      body: JSON.stringify(body),
    });

  it('keeps two clients using the same key apart: each gets its own book, and its own replay', async () => {
    const book = { title: 'Per client', authors: ['Key Holder'] };
    const ofA = await post(keyA, book);
    const ofB = await post(keyB, book);
    expect([ofA.status, ofB.status]).toEqual([201, 201]);
    expect(ofB.headers.get('idempotency-replayed')).toBeNull();
    const [idA, idB] = [(await jsonOf(ofA)).id, (await jsonOf(ofB)).id];
    expect(idA).not.toBe(idB);

    const againA = await post(keyA, book);
    expect(againA.headers.get('idempotency-replayed')).toBe('true');
    expect((await jsonOf(againA)).id).toBe(idA);
    expect((await post(keyB, { ...book, title: 'Per client, other body' })).status).toBe(422);
  });
});

function idempotencyContract(setup: () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>) {
  let app: INestApplication;
  let url: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const database = await setup();
    cleanup = database.cleanup;
    app = await createTestApp({ ...database.env, RATE_LIMIT_WRITE_PER_MINUTE: '100000' });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  const post = (body: unknown, key?: string) =>
    fetch(`${url}/api/v1/books`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
      body: JSON.stringify(body),
    });
  const booksTitled = async (title: string) => {
    const res = await fetch(`${url}/api/v1/books?q=${encodeURIComponent(title)}&limit=100`);
    return ((await jsonOf(res)) as { items: { id: string; title: string }[] }).items.filter((b) => b.title === title);
  };
  const uniqueBook = () => ({ title: `Idempotent ${randomUUID()}`, authors: ['Key Holder'] });

  it('20 concurrent POSTs with one key and body create exactly one book; all answers name it', async () => {
    const key = randomUUID();
    const book = uniqueBook();
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await post(book, key);
        return { status: res.status, headers: res.headers, body: await jsonOf(res) };
      }),
    );
    const created = answers.filter((a) => a.status === 201);
    const inFlight = answers.filter((a) => a.status === 409);
    expect(created.length + inFlight.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const ids = new Set(created.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(created.filter((a) => a.headers.get('idempotency-replayed') !== 'true')).toHaveLength(1);
    for (const answer of inFlight) {
      expect(answer.headers.get('content-type')).toMatch(PROBLEM);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body.type).toBe('https://book-library.dev/problems/idempotency-key-in-use');
    }

    // Now that the first has finished, a retry gets its response again.
    const [id] = ids;
    const retry = await post(book, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.headers.get('location')).toBe(`/api/v1/books/${id}`);
    expect(retry.headers.get('etag')).toBe('"1"');
    expect((await jsonOf(retry)).id).toBe(id);
    expect(await booksTitled(book.title)).toEqual([expect.objectContaining({ id })]);
  });

  it('replays the first answer byte for byte, whatever the key order of the retried body', async () => {
    const key = randomUUID();
    const first = await post(dune, key);
    const firstText = await first.text();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const reordered = Object.fromEntries(Object.entries(dune).reverse());
    const retry = await post(reordered, key);
    expect(retry.status).toBe(201);
    expect(await retry.text()).toBe(firstText);
  });

  it('answers 422 for the same key with a different body, and creates nothing', async () => {
    const key = randomUUID();
    const book = uniqueBook();
    expect((await post(book, key)).status).toBe(201);
    const other = { ...book, title: `${book.title} (other)` };
    const res = await post(other, key);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(PROBLEM);
    expect((await jsonOf(res)).type).toBe('https://book-library.dev/problems/idempotency-key-reused');
    expect(await booksTitled(other.title)).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['over 255 characters', 'k'.repeat(256)],
    ['not printable ASCII', 'clé'],
  ])('answers 400 for a key that is %s', async (_case, key) => {
    const book = uniqueBook();
    const res = await fetch(`${url}/api/v1/books`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': Buffer.from(key).toString('latin1') },
      body: JSON.stringify(book),
    });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors).toEqual([
      { field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
    ]);
    expect(await booksTitled(book.title)).toEqual([]);
  });

  it('stores a client error too: the retry gets the same 400 problem, marked as replayed', async () => {
    const key = randomUUID();
    const invalid = { title: '', authors: [] };
    const first = await post(invalid, key);
    expect(first.status).toBe(400);
    const firstBody = await jsonOf(first);
    const retry = await post(invalid, key);
    expect(retry.status).toBe(400);
    expect(retry.headers.get('content-type')).toMatch(PROBLEM);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(await jsonOf(retry)).toEqual(firstBody);
  });

  it('replays a stored 409 duplicate-ISBN problem with its extension members', async () => {
    const isbn = '9780306406157';
    const existing = await post({ ...uniqueBook(), isbn });
    expect(existing.status).toBe(201);
    const key = randomUUID();
    const body = { ...uniqueBook(), isbn };
    const first = await post(body, key);
    expect(first.status).toBe(409);
    const problem = await jsonOf(first);
    expect(problem.existingId).toBe((await jsonOf(existing)).id);
    const retry = await post(body, key);
    expect(retry.status).toBe(409);
    expect(await jsonOf(retry)).toEqual(problem);
  });

  it('leaves requests without the header alone: each POST creates a book', async () => {
    const book = uniqueBook();
    expect((await post(book)).status).toBe(201);
    expect((await post(book)).status).toBe(201);
    expect(await booksTitled(book.title)).toHaveLength(2);
  });
}
