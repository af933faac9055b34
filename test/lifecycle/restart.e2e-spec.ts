import { Client } from 'pg';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../support/server-process';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

// Real processes of the production build: data must outlive the process, and replicas must share it.

const journal = JSON.parse(
  readFileSync(resolve(__dirname, '../../libs/database/migrations/meta/_journal.json'), 'utf8'),
);

async function createBook(url: string, title: string): Promise<{ id: string }> {
  const res = await fetch(`${url}/api/v1/books`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, authors: ['Restart Tester'] }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

describe('the embedded default (PGlite in DATA_DIR)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'book-library-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps a book across a stop and a start', async () => {
    // Two cold PGlite starts (WASM compile) can take a while on a busy 2-core machine.
    const first = await startServer({ DATA_DIR: dataDir });
    const book = await createBook(first.url, 'Survives restarts');
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startServer({ DATA_DIR: dataDir });
    try {
      const res = await fetch(`${second.url}/api/v1/books/${book.id}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: book.id, title: 'Survives restarts' });
    } finally {
      await second.stop();
    }
  }, 360_000);
});

describePostgres('PostgreSQL (DATABASE_URL)', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it(
    'two processes started at once on an empty database both come up, migrated once, sharing data',
    async () => {
      const [a, b] = await Promise.all([startServer({ DATABASE_URL: db.url }), startServer({ DATABASE_URL: db.url })]);
      try {
        const client = new Client({ connectionString: db.url });
        await client.connect();
        const applied = await client.query('SELECT hash FROM drizzle.__drizzle_migrations');
        await client.end();
        expect(applied.rowCount).toBe(journal.entries.length);

        const book = await createBook(a.url, 'Written by replica A');
        const res = await fetch(`${b.url}/api/v1/books/${book.id}`);
        expect(res.status).toBe(200);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
    APP_START_HOOK_TIMEOUT_MS,
  );
});
