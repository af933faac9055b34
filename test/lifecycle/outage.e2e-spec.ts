import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { ServerProcess, startServer } from '../support/server-process';
import { hostAndPort, startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { eventually, sleep, statusOf, jsonOf } from '../support/probes';
import { APP_START_HOOK_TIMEOUT_MS, APP_START_TIMEOUT_MS } from '../support/start-timeouts';

// A database outage at run time, on the production build: PostgreSQL behind a TCP proxy that is cut
// (connections dropped, new ones refused) and restored, with no restart of the service.

const QUERY_TIMEOUT_MS = 2_000;

describePostgres('a database outage while serving', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(hostAndPort(db.url));
    server = await startServer(
      {
        DATABASE_URL: proxy.through(db.url),
        DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
        RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
        RATE_LIMIT_READ_PER_MINUTE: '1000000',
      },
      { timeoutMs: APP_START_TIMEOUT_MS },
    );
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    proxy?.close();
    await db?.drop();
  });

  const post = (title: string) =>
    fetch(`${server.url}/api/v1/books`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title, authors: ['Outage Tester'] }),
    });

  it('answers 503 with Retry-After during the outage, keeps /health up, and recovers by itself without losing a write', async () => {
    // A steady writer all along: what it was told was created must exist afterwards.
    const acknowledged: string[] = [];
    const otherStatuses: number[] = [];
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing && n < 5_000; n++) {
        const res = await post(`outage ${n} ${randomUUID()}`).catch(() => undefined);
        if (res?.status === 201) acknowledged.push(((await jsonOf(res)) as { id: string }).id);
        else if (res) otherStatuses.push(res.status);
        await sleep(20);
      }
    })();
    await eventually('a few writes acknowledged', async () => acknowledged.length >= 5, 30_000);

    proxy.cut();
    const started = Date.now();
    const during = await post('written during the outage');
    const tookMs = Date.now() - started;
    expect(during.status).toBe(503);
    expect(during.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(await jsonOf(during)).toMatchObject({ type: 'https://book-library.dev/problems/database-unavailable' });
    expect(tookMs).toBeLessThan(QUERY_TIMEOUT_MS + 1_000);
    expect((await fetch(`${server.url}/api/v1/books?limit=1`)).status).toBe(503);

    // Ping cache (1 s) + ping timeout (2 s) at most, with room for a busy machine.
    await eventually('/ready 503', async () => (await statusOf(`${server.url}/ready`)) === 503, 6_000);
    const ready = await jsonOf(await fetch(`${server.url}/ready`));
    expect(ready.error.database).toEqual({ status: 'down', message: expect.any(String) });
    expect(await statusOf(`${server.url}/health`)).toBe(200);
    await sleep(1_000); // the writer keeps trying during the outage

    await proxy.restore();
    await eventually('/ready 200 again', async () => (await statusOf(`${server.url}/ready`)) === 200, 15_000);
    const after = await post('written after the outage');
    expect(after.status).toBe(201);
    await eventually(
      'the writer succeeds again',
      async () => {
        const before = acknowledged.length;
        await sleep(200);
        return acknowledged.length > before;
      },
      10_000,
    );
    writing = false;
    await writer;

    expect(server.child.exitCode).toBeNull(); // recovered without a restart
    expect(new Set(otherStatuses)).toEqual(new Set([503])); // failed writes were 503s, never 500s

    // Every acknowledged write is there, read straight from PostgreSQL.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const found = await client.query('SELECT count(*)::int AS n FROM books WHERE id = ANY($1::uuid[])', [
        acknowledged,
      ]);
      expect(found.rows[0].n).toBe(acknowledged.length);
    } finally {
      await client.end();
    }
  }, 180_000);
});
