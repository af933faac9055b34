import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer } from '../support/server-process';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { APP_START_TIMEOUT_MS } from '../support/start-timeouts';

// An Idempotency-Key outlives the process: a POST retried after a restart gets the original book.

async function retryAcrossRestart(env: Record<string, string>): Promise<void> {
  const key = randomUUID();
  const title = `Survives a restart ${key}`;
  const post = (url: string) =>
    fetch(`${url}/api/v1/books`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify({ title, authors: ['Restart Tester'] }),
    });

  const first = await startServer(env, { timeoutMs: APP_START_TIMEOUT_MS });
  const created = await post(first.url);
  expect(created.status).toBe(201);
  const book = (await created.json()) as { id: string };
  expect(await first.stop('SIGTERM')).toBe(0);

  const second = await startServer(env, { timeoutMs: APP_START_TIMEOUT_MS });
  try {
    const retried = await post(second.url);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotency-replayed')).toBe('true');
    expect(retried.headers.get('location')).toBe(`/api/v1/books/${book.id}`);
    expect(((await retried.json()) as { id: string }).id).toBe(book.id);
    const list = (await (await fetch(`${second.url}/api/v1/books?q=${encodeURIComponent(key)}`)).json()) as {
      items: { id: string }[];
    };
    expect(list.items.map((b) => b.id)).toEqual([book.id]);
  } finally {
    await second.stop();
  }
}

describe('Idempotency-Key across a restart on PGlite (DATA_DIR)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'book-library-idempotency-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(
    'replays the original book and creates no second one',
    () => retryAcrossRestart({ DATA_DIR: dataDir, SHUTDOWN_DRAIN_MS: '0' }),
    420_000,
  );
});

describePostgres('Idempotency-Key across a restart on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it(
    'replays the original book and creates no second one',
    () => retryAcrossRestart({ DATABASE_URL: db.url, SHUTDOWN_DRAIN_MS: '0' }),
    360_000,
  );
});
