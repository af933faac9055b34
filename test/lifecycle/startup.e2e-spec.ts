import { spawn } from 'node:child_process';
import { freePort, MAIN_JS, ServerProcess, startServer } from '../support/server-process';
import { hostAndPort, startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { eventually, statusOf, jsonOf } from '../support/probes';
import { logMessages } from '../support/observability/log-lines';
import { APP_START_HOOK_TIMEOUT_MS, APP_START_TIMEOUT_MS } from '../support/start-timeouts';

// Start-up on the production build: the service listens before its database is there, waits for it
// with backoff (readiness 503 meanwhile), and gives up with a clear message when it never comes.

describePostgres('start-up before the database is reachable', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startTcpProxy(hostAndPort(db.url), { up: false });
  });
  afterAll(async () => {
    await server?.stop();
    proxy?.close();
    await db?.drop();
  });

  it(
    'answers /health 200 and /ready 503 while it retries, then /ready 200 once the database appears',
    async () => {
      server = await startServer(
        { DATABASE_URL: proxy.through(db.url), DB_CONNECT_TIMEOUT_MS: '300000' },
        { readyPath: '/health', timeoutMs: APP_START_TIMEOUT_MS },
      );
      const res = await fetch(`${server.url}/ready`);
      expect(res.status).toBe(503);
      expect((await jsonOf(res)).error).toMatchObject({
        database: { status: 'down' },
        migrations: { status: 'down', message: 'database not connected yet' },
      });
      await eventually(
        'a logged retry',
        async () => /Database unreachable \(attempt \d+: .*ECONNREFUSED.*\); retrying in \d+ ms/.test(server.output()),
        10_000,
      );

      await proxy.restore();
      await eventually('/ready 200', async () => (await statusOf(`${server.url}/ready`)) === 200, 20_000);
      expect(logMessages(server.output())).toContainEqual(
        expect.stringMatching(/^Database connected \(postgres, after \d+ attempts\); migrations applied$/),
      );
      const created = await fetch(`${server.url}/api/v1/books`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'After a late database', authors: ['Patient'] }),
      });
      expect(created.status).toBe(201);
      expect(server.child.exitCode).toBeNull();
    },
    APP_START_HOOK_TIMEOUT_MS,
  );
});

describe('start-up when the database never comes', () => {
  it('gives up after DB_CONNECT_TIMEOUT_MS with a clear message and exit code 1', async () => {
    const nowhere = await freePort();
    const child = spawn(process.execPath, [MAIN_JS], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        DATABASE_URL: `postgres://postgres@127.0.0.1:${nowhere}/none`,
        DB_CONNECT_TIMEOUT_MS: '1500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);

    expect(code).toBe(1);
    const messages = logMessages(output);
    expect(messages).toContainEqual(expect.stringMatching(/^Database unreachable \(attempt 1: connect ECONNREFUSED/));
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^Cannot start: Database unreachable for \d+ ms \(DB_CONNECT_TIMEOUT_MS=1500\), giving up after \d+ attempts: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
      ),
    );
  }, 120_000);
});
