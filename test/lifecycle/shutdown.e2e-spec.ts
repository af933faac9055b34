import { Client } from 'pg';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ServerProcess, startServer } from '../support/server-process';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { sleep } from '../support/probes';
import { logLines, logMessages } from '../support/observability/log-lines';
import { APP_START_HOOK_TIMEOUT_MS, APP_START_TIMEOUT_MS } from '../support/start-timeouts';

// Graceful shutdown of the production build under load: 50 keep-alive connections keep sending
// while the process gets SIGTERM. Every request is answered 2xx or never accepted; exit code 0.
// "Never accepted" is a refused connection, or one reset before any byte of a response: clients that
// keep connecting after readiness failed (a load balancer would not) leave connections in the
// kernel's accept queue, which closing the listener resets. The test proves those were never
// executed: none of their books exists.

const CLIENTS = 50;
const DRAIN_MS = 1_500;
const LOAD_LIMIT_MS = 15_000;

type Outcome =
  | { kind: 'answered'; status: number; post?: string }
  | { kind: 'refused'; post?: string } // connection refused: the listener was closed
  | { kind: 'reset before any response'; code: string; post?: string }
  | { kind: 'failed mid-response'; code: string };

function send(url: URL, agent: Agent, post: string | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    let responded = false;
    const req = request(
      url,
      { agent, method: post ? 'POST' : 'GET', headers: post ? { 'Content-Type': 'application/json' } : {} },
      (res) => {
        responded = true;
        res.resume();
        res.on('end', () => resolve({ kind: 'answered', status: res.statusCode!, post }));
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ kind: 'failed mid-response', code: error.code ?? error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (responded) resolve({ kind: 'failed mid-response', code: error.code ?? error.message });
      else if (error.code === 'ECONNREFUSED') resolve({ kind: 'refused', post });
      else resolve({ kind: 'reset before any response', code: error.code ?? error.message, post });
    });
    req.end(post ? JSON.stringify({ title: post, authors: ['Shutdown Tester'] }) : undefined);
  });
}

describePostgres('graceful shutdown under load', () => {
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServer(
      {
        DATABASE_URL: db.url,
        LOG_LEVEL: 'info',
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        SHUTDOWN_TIMEOUT_MS: '10000',
        RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
        RATE_LIMIT_READ_PER_MINUTE: '1000000',
      },
      { timeoutMs: APP_START_TIMEOUT_MS },
    );
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await db?.drop();
  });

  it('drops no request: every one is answered 2xx or was never executed, and the process exits 0 in order', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const outcomes: (Outcome & { at: number })[] = [];
    const loadStarted = Date.now();
    let signalledAt = Number.POSITIVE_INFINITY;

    const client = async (n: number) => {
      for (let i = 0; Date.now() - loadStarted < LOAD_LIMIT_MS; i++) {
        const post = i % 5 === 0 ? `shutdown ${n}-${i} ${randomUUID()}` : undefined;
        const path = post ? '/api/v1/books' : '/api/v1/books?limit=5';
        const outcome = await send(new URL(path, server.url), agent, post);
        outcomes.push({ ...outcome, at: Date.now() });
        if (outcome.kind === 'refused') return; // the listener is closed: this client is done
      }
    };
    // Readiness as a load balancer sees it.
    const readiness: { status: number; sentAt: number }[] = [];
    const prober = (async () => {
      while (Date.now() - loadStarted < LOAD_LIMIT_MS) {
        const sentAt = Date.now();
        const status = await fetch(`${server.url}/ready`).then(
          (r) => r.status,
          () => 0,
        );
        readiness.push({ status, sentAt });
        if (status === 0) return;
        await sleep(100);
      }
    })();

    const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    await sleep(1_000);
    signalledAt = Date.now();
    const exitCode = await server.stop('SIGTERM', 30_000);
    const exitedAfterMs = Date.now() - signalledAt;
    await Promise.all([load, prober]);
    agent.destroy();

    expect(exitCode).toBe(0);
    expect(exitedAfterMs).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(exitedAfterMs).toBeLessThan(DRAIN_MS + 10_000 + 5_000);

    const answered = outcomes.filter((o) => o.kind === 'answered') as { status: number; post?: string; at: number }[];
    expect(answered.filter((o) => o.status < 200 || o.status >= 300)).toEqual([]); // zero 5xx (or anything else)
    expect(outcomes.filter((o) => o.kind === 'failed mid-response')).toEqual([]);
    expect(answered.filter((o) => o.at > signalledAt + 100).length).toBeGreaterThan(0); // served during the drain
    expect(outcomes.filter((o) => o.kind === 'refused').length).toBeGreaterThan(0); // then closed
    // Nothing was turned away while the drain lasted: only once the listener closed.
    expect(outcomes.filter((o) => o.kind !== 'answered' && o.at < signalledAt + DRAIN_MS)).toEqual([]);

    // Readiness failed from the first shutdown step on (its log time: the signal may wait for a busy event loop).
    const stepOne = logLines(server.output()).find((line) => line.msg.startsWith('Shutdown 1/4'));
    const failingFrom = Date.parse(stepOne?.time ?? '');
    const probesAfter = readiness.filter((r) => r.sentAt > failingFrom && r.status !== 0);
    expect(probesAfter.length).toBeGreaterThan(0);
    expect(probesAfter.map((r) => r.status)).toEqual(probesAfter.map(() => 503));

    // What was not answered was not executed either: none of those books exists.
    const unanswered = outcomes.flatMap((o) => (o.kind !== 'answered' && 'post' in o && o.post ? [o.post] : []));
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const found = await pg.query('SELECT count(*)::int AS n FROM books WHERE title = ANY($1)', [unanswered]);
      expect(found.rows[0].n).toBe(0);
      const created = answered.filter((o) => o.post).map((o) => o.post);
      const stored = await pg.query('SELECT count(*)::int AS n FROM books WHERE title = ANY($1)', [created]);
      expect(stored.rows[0].n).toBe(created.length); // and every 201 is durable
    } finally {
      await pg.end();
    }

    const messages = logMessages(server.output());
    const steps = [
      /^Shutdown 1\/4: SIGTERM received; readiness now answers 503$/,
      /^Shutdown 2\/4: draining for 1500 ms/,
      /^Shutdown 3\/4: closing the listener; waiting for \d+ request\(s\) in flight, at most 10000 ms$/,
      /^Shutdown 4\/4: closing database connections, flushing logs and traces$/,
      /^Database connections closed$/,
      /^Shutdown complete$/,
    ].map((step) => messages.findIndex((m) => step.test(m)));
    expect(steps.every((index) => index >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);

    const resets = outcomes.filter((o) => o.kind === 'reset before any response').length;
    process.stdout.write(
      `shutdown under load: ${answered.length} answered, ${outcomes.length - answered.length - resets} refused, ` +
        `${resets} reset before any response, exit after ${exitedAfterMs} ms\n`,
    );
  }, 120_000);
});
