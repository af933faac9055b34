import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from '../../apps/api/src/config/env.schema';
import { ServerProcess, startServer } from '../support/server-process';
import { createTestDatabase, TestDatabase, TEST_DATABASE_URL } from '../support/test-database';
import { ChaosLoad } from '../support/chaos/chaos-load';
import { ExperimentFigures, figuresOf, figuresTable } from './chaos-figures';
import { FaultProxy, hostAndPortOf, startFaultProxy } from '../support/chaos/fault-proxy';
import { heapUsedAfterGc, INSPECTOR_NODE_OPTIONS, openSockets, residentBytes } from '../support/chaos/process-stats';
import { RoundRobinProxy } from '../support/chaos/round-robin-proxy';
import { slowClient } from '../support/chaos/slow-client';
import { failureViolations, writeViolations } from './steady-state';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';
import { describeWhenSet } from '../support/describe-when-set';
import { REDIS_URL_TEST } from '../support/redis';

// Chaos experiments on the production build (dist/apps/api/src/main.js: `npm run build` first), all on
// 127.0.0.1: two replicas behind a round-robin proxy, PostgreSQL and Redis behind fault-injecting TCP
// proxies, a bounded load of 50 connections (mixed reads and idempotent writes, retried with their
// Idempotency-Key). Each experiment states its steady-state hypothesis, injects one fault under load,
// and asserts the hypothesis; the figures print as a table at the end (docs/reliability.md holds the
// latest). The replicas run with the deployed timings (deploy/base/config.env).

/** The deployed timings: deploy/base/config.env over the schema's defaults, so chaos tests what runs. */
const DEPLOYED = parseEnv({
  ...Object.fromEntries(
    readFileSync(join(__dirname, '../../deploy/base/config.env'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  ),
  NODE_ENV: 'test', // no API keys here: writes are open, as in the other process suites
  API_KEYS_FILE: undefined,
});
const { REQUEST_TIMEOUT_MS, SHUTDOWN_DRAIN_MS, SHUTDOWN_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS } = DEPLOYED;
const EXPERIMENT_TIMEOUT_MS = 120_000; // the bound for one experiment

/** Needs PostgreSQL and Redis: skipped on a laptop without them, a failure under CI=true. */
const describeChaos = describeWhenSet({ TEST_DATABASE_URL, REDIS_URL_TEST });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await Promise.resolve(probe()).catch(() => false)) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const statusOf = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
    (res) => (void res.body?.cancel(), res.status),
    () => 0,
  );

/** Sum of a counter over its series in a replica's /metrics. */
async function counterOf(server: ServerProcess, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describeChaos('chaos: two replicas, PostgreSQL and Redis behind faulty links, under load', () => {
  const runId = randomBytes(4).toString('hex');
  const figures: ExperimentFigures[] = [];
  const suiteStarted = Date.now();
  let db: TestDatabase;
  let postgres: FaultProxy;
  let redis: FaultProxy;
  let proxy: RoundRobinProxy;
  const replicas: ServerProcess[] = [];

  async function startReplica(): Promise<ServerProcess> {
    const replica = await startServer(
      {
        DATABASE_URL: postgres.through(db.url),
        REDIS_URL: redis.through(REDIS_URL_TEST!),
        RATE_LIMIT_KEY_PREFIX: `chaos-${runId}:`,
        DB_POOL_SIZE: String(DEPLOYED.DB_POOL_SIZE),
        DB_QUERY_TIMEOUT_MS: String(DB_QUERY_TIMEOUT_MS),
        REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        SHUTDOWN_DRAIN_MS: String(SHUTDOWN_DRAIN_MS),
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        LOG_LEVEL: 'warn',
        // The slow-client experiment weighs the heap after a full GC, asked over the inspector (loopback only).
        NODE_OPTIONS: INSPECTOR_NODE_OPTIONS,
      },
      { timeoutMs: 60_000 },
    );
    replicas.push(replica);
    proxy.add(replica.url);
    return replica;
  }

  const live = () => replicas.filter((replica) => replica.child.exitCode === null && replica.child.signalCode === null);

  /** Replaces `replica` (already gone) with a new one; ms from `since` until two replicas are ready behind the proxy. */
  async function replace(replica: ServerProcess, since: number): Promise<number> {
    proxy.remove(replica.url);
    replicas.splice(replicas.indexOf(replica), 1);
    await startReplica();
    await waitFor('two replicas ready behind the proxy', () => proxy.readyCount() === 2, 20_000);
    return Date.now() - since;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    postgres = await startFaultProxy(hostAndPortOf(db.url, 5432));
    redis = await startFaultProxy(hostAndPortOf(REDIS_URL_TEST!, 6379));
    proxy = await new RoundRobinProxy().start();
    await startReplica(); // one at a time: the first applies the migrations
    await startReplica();
    await waitFor('both replicas ready behind the proxy', () => proxy.readyCount() === 2, 10_000);
  }, APP_START_HOOK_TIMEOUT_MS);

  afterEach(() => {
    // A replica that died on its own is the finding: show why.
    for (const replica of replicas.filter((r) => r.child.exitCode !== null && r.child.exitCode !== 0)) {
      process.stdout.write(
        `replica ${replica.url} exited ${replica.child.exitCode}:\n${replica.output().slice(-3_000)}\n`,
      );
    }
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop('SIGTERM', 20_000)));
    await proxy?.stop();
    postgres?.close();
    redis?.close();
    await db?.drop();
    if (figures.length > 0) {
      process.stdout.write(
        `\nChaos figures (${new Date().toISOString()}, suite ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s):\n` +
          `${figuresTable(figures)}\n\n`,
      );
    }
  }, 60_000);

  it(
    'SIGKILL of one replica: only requests in flight on it fail (as the proxy’s 502, within 2 s), no write is lost or doubled, a replacement is ready within 20 s',
    async () => {
      const startedAt = Date.now();
      const load = new ChaosLoad(proxy.url, runId).start();
      await sleep(3_000);
      const [victim] = live();
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      await sleep(3_000); // the survivor serves alone
      const recoveryMs = await replace(victim, killedAt);
      await sleep(2_000);
      await load.stop();

      figures.push(figuresOf('replica SIGKILL', load, { recoveryMs, startedAt }));
      expect(failureViolations(load.attempts, { replicaLost: [{ from: killedAt, to: killedAt + 2_000 }] })).toEqual([]);
      expect(load.attempts.filter((a) => a.fromProxy).length).toBeLessThanOrEqual(50);
      expect(await writeViolations(load, db.url, proxy.url)).toEqual([]);
      expect(load.writes.filter((write) => write.id === undefined)).toEqual([]);
      expect(recoveryMs).toBeLessThan(20_000);
    },
    EXPERIMENT_TIMEOUT_MS,
  );

  it(
    `SIGTERM of one replica: it drains and exits 0 within SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS, and not one request fails`,
    async () => {
      const startedAt = Date.now();
      const load = new ChaosLoad(proxy.url, runId).start();
      await sleep(3_000);
      const [victim] = live();
      const signalledAt = Date.now();
      const exitCode = await victim.stop('SIGTERM', SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS + 5_000);
      const exitedMs = Date.now() - signalledAt;
      const recoveryMs = await replace(victim, signalledAt);
      await sleep(2_000);
      await load.stop();

      figures.push(figuresOf('replica SIGTERM', load, { recoveryMs, startedAt }));
      expect(exitCode).toBe(0);
      expect(exitedMs).toBeLessThan(SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS);
      expect(failureViolations(load.attempts, {})).toEqual([]);
      expect(await writeViolations(load, db.url, proxy.url)).toEqual([]);
      expect(load.writes.filter((write) => write.id === undefined)).toEqual([]);
    },
    EXPERIMENT_TIMEOUT_MS,
  );

  it(
    'PostgreSQL 200 ms slower, then cut for 10 s: no failure under latency; during the cut only 503 + Retry-After and /ready 503 within 6 s; ready again within 15 s of the restore without a restart',
    async () => {
      const startedAt = Date.now();
      const pids = live().map((replica) => replica.child.pid);
      const load = new ChaosLoad(proxy.url, runId).start();
      await sleep(2_000);

      const slowFrom = Date.now();
      postgres.setLatency(200);
      await sleep(8_000);
      postgres.setLatency(0);

      const cutAt = Date.now();
      postgres.cut();
      const notReadyMs = await waitFor(
        '/ready 503 on both replicas',
        async () => (await Promise.all(live().map((r) => statusOf(`${r.url}/ready`)))).every((s) => s === 503),
        6_000,
      );
      expect(await Promise.all(live().map((r) => statusOf(`${r.url}/health`)))).toEqual([200, 200]);
      await sleep(Math.max(0, cutAt + 10_000 - Date.now()));

      const restoredAt = Date.now();
      await postgres.restore();
      const recoveryMs = await waitFor(
        '/ready 200 on both replicas',
        async () => (await Promise.all(live().map((r) => statusOf(`${r.url}/ready`)))).every((s) => s === 200),
        15_000,
      );
      const recoveredAt = restoredAt + recoveryMs;
      await sleep(3_000); // and the load succeeds again
      await load.stop();
      // Recovery: from the restore to both replicas ready and the first write acknowledged again.
      const writesBack = load.attempts
        .filter((a) => a.kind === 'write' && a.at >= restoredAt && a.status === 201)
        .map((a) => a.at + a.ms - restoredAt);
      expect(writesBack.length).toBeGreaterThan(0);
      const recoveryWithWriteMs = Math.max(recoveryMs, Math.min(...writesBack));
      expect(recoveryWithWriteMs).toBeLessThan(15_000);

      // Under latency: every attempt that ran (and ended) before the cut.
      const slowAttempts = load.attempts.filter((a) => a.at + a.ms >= slowFrom && a.at + a.ms < cutAt);
      figures.push(
        figuresOf('PostgreSQL +200 ms, then cut 10 s', load, { recoveryMs: recoveryWithWriteMs, startedAt }),
      );
      expect(slowAttempts.length).toBeGreaterThan(0);
      expect(slowAttempts.filter((a) => a.status < 200 || a.status >= 300 || a.ms >= REQUEST_TIMEOUT_MS)).toEqual([]);
      // In-flight requests may finish up to the query timeout (2 s) after the window they started in.
      expect(failureViolations(load.attempts, { databaseDown: [{ from: cutAt, to: recoveredAt }] })).toEqual([]);
      expect(load.attempts.some((a) => a.status === 503 && a.retryAfter !== null)).toBe(true);
      expect(notReadyMs).toBeLessThan(6_000);
      expect(live().map((replica) => replica.child.pid)).toEqual(pids); // recovered without a restart
      expect(load.attempts.filter((a) => a.at > recoveredAt + 2_000 && a.status >= 500)).toEqual([]);
      expect(await writeViolations(load, db.url, proxy.url)).toEqual([]);
      expect(load.writes.filter((write) => write.id === undefined)).toEqual([]);
    },
    EXPERIMENT_TIMEOUT_MS,
  );

  it(
    'Redis cut for 8 s: rate limiting fails open, so no request fails and /ready stays 200; the shared store is used again within 10 s of the restore',
    async () => {
      const startedAt = Date.now();
      const load = new ChaosLoad(proxy.url, runId).start();
      await sleep(2_000);
      const errorsBefore = await Promise.all(live().map((r) => counterOf(r, 'rate_limit_store_errors_total')));

      redis.cut();
      const readiness: number[] = [];
      const cutEnds = Date.now() + 8_000;
      while (Date.now() < cutEnds) {
        readiness.push(...(await Promise.all(live().map((r) => statusOf(`${r.url}/ready`)))));
        await sleep(250);
      }
      const errorsDuring = await Promise.all(live().map((r) => counterOf(r, 'rate_limit_store_errors_total')));

      await redis.restore();
      // Recovered: the error counters stop rising for a whole second under load.
      const total = async () =>
        (await Promise.all(live().map((r) => counterOf(r, 'rate_limit_store_errors_total')))).reduce(
          (a, b) => a + b,
          0,
        );
      let previous = await total();
      const recoveryMs = await waitFor(
        'the rate-limit store errors stop',
        async () => {
          await sleep(1_000);
          const now = await total();
          const stopped = now === previous;
          previous = now;
          return stopped;
        },
        10_000,
      );
      await load.stop();

      figures.push(figuresOf('Redis cut 8 s', load, { recoveryMs: Math.max(0, recoveryMs - 1_000), startedAt }));
      expect(failureViolations(load.attempts, {})).toEqual([]);
      expect(readiness.length).toBeGreaterThan(10);
      expect(readiness.filter((status) => status !== 200)).toEqual([]);
      // The fault really reached the service: each replica counted failing store calls.
      errorsDuring.forEach((during, i) => expect(during).toBeGreaterThan(errorsBefore[i]));
      expect(await writeViolations(load, db.url, proxy.url)).toEqual([]);
    },
    EXPERIMENT_TIMEOUT_MS,
  );

  it(
    `100 clients sending headers one byte a second: served traffic is unaffected, each is closed within REQUEST_TIMEOUT_MS + Node's 30 s check interval, and open sockets and memory return to where they were`,
    async () => {
      const startedAt = Date.now();
      // The other replica takes the same share of the load without slow clients: the control for memory.
      const [target, control] = live();
      const pid = target.child.pid!;
      await sleep(1_000);
      const socketsBefore = openSockets(pid);
      const rssBefore = residentBytes(pid);
      const controlRssBefore = residentBytes(control.child.pid!);
      const heapBefore = await heapUsedAfterGc(target.output());
      const controlHeapBefore = await heapUsedAfterGc(control.output());

      const load = new ChaosLoad(proxy.url, runId).start();
      const bound = REQUEST_TIMEOUT_MS + 30_000 + 5_000;
      const slow = Array.from({ length: 100 }, () => slowClient(Number(new URL(target.url).port), bound + 5_000));
      await sleep(3_000);
      const socketsDuring = openSockets(pid);
      const readyDuring = await statusOf(`${target.url}/ready`);
      const results = await Promise.all(slow);
      await load.stop();
      await sleep(1_000);
      const socketsAfter = openSockets(pid);
      const rssAfter = residentBytes(pid);
      const controlRssAfter = residentBytes(control.child.pid!);
      const heapAfter = await heapUsedAfterGc(target.output());
      const controlHeapAfter = await heapUsedAfterGc(control.output());

      figures.push(figuresOf('100 slow-header clients', load, { startedAt }));
      process.stdout.write(
        `slow clients: held ${Math.min(...results.map((r) => r.heldMs))}–${Math.max(...results.map((r) => r.heldMs))} ms, ` +
          `sockets ${socketsBefore} -> ${socketsDuring} -> ${socketsAfter}, RSS ${(rssBefore / 2 ** 20).toFixed(0)} -> ${(rssAfter / 2 ** 20).toFixed(0)} MiB ` +
          `(control replica ${(controlRssBefore / 2 ** 20).toFixed(0)} -> ${(controlRssAfter / 2 ** 20).toFixed(0)} MiB), ` +
          `heap ${(heapBefore / 2 ** 20).toFixed(0)} -> ${(heapAfter / 2 ** 20).toFixed(0)} MiB ` +
          `(control ${(controlHeapBefore / 2 ** 20).toFixed(0)} -> ${(controlHeapAfter / 2 ** 20).toFixed(0)} MiB)\n`,
      );
      expect(socketsDuring).toBeGreaterThanOrEqual(socketsBefore + 90); // the measure sees the slow connections
      expect(readyDuring).toBe(200);
      expect(failureViolations(load.attempts, {})).toEqual([]);
      expect(results.filter((r) => !r.closedByServer || r.heldMs > bound)).toEqual([]);
      expect(new Set(results.map((r) => r.statusLine))).toEqual(new Set(['HTTP/1.1 408 Request timeout']));
      expect(socketsAfter).toBeLessThanOrEqual(socketsBefore + 5);
      // Memory: the heap after a full GC grows no more than the control replica's under the same load, give or
      // take 16 MiB (not RSS: it keeps the pages the allocator freed, and varied ±20 MiB between identical runs).
      expect(heapAfter - heapBefore - (controlHeapAfter - controlHeapBefore)).toBeLessThan(16 * 2 ** 20);
      expect(await writeViolations(load, db.url, proxy.url)).toEqual([]);
    },
    EXPERIMENT_TIMEOUT_MS,
  );
});
