import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from './service-process';

// Where the embedded default's memory and time go: each candidate engine runs the production build
// (the image's NODE_OPTIONS) on a fresh DATA_DIR; first start and restart to /ready, idle and peak
// RSS of the whole process tree, createBook (seeding 5,000 books) and getBook req/s, against the
// same service on PostgreSQL (TEST_DATABASE_URL). Loopback only; every loop is bounded.
// Run: npm run build && TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/embedded-engines.ts

const MAIN_JS = resolve(__dirname, '../dist/apps/api/src/main.js');
const DOCKERFILE = resolve(__dirname, '../Dockerfile');
const BOOKS = Number(process.env.BENCH_BOOKS ?? 5_000);
const CONCURRENCY = 8;
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 8);
const START_TIMEOUT_MS = 60_000;
const API_KEY = 'embedded-bench-key';

/** The runtime stage's NODE_OPTIONS, so the service runs with the heap limits it has in the image. */
function imageNodeOptions(): string {
  const match = /NODE_OPTIONS="([^"]+)"/.exec(readFileSync(DOCKERFILE, 'utf8'));
  if (!match) throw new Error('NODE_OPTIONS not found in the Dockerfile');
  return match[1];
}

function isbn13(n: number): string {
  const first12 = `979${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

interface TreeMemory {
  /** Sum of VmRSS: counts the server's shared memory once per process that touched it. */
  rssMb: number;
  /** Sum of Pss (shared pages split among their users): what the tree really holds. */
  pssMb: number;
  /** VmRSS of the Node process alone. */
  nodeMb: number;
}

function kbField(text: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
}

/** Memory of `root` and every descendant (the embedded server's processes), from /proc. */
function treeMemory(root: number): TreeMemory {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while being read.
    }
  }
  let rss = 0;
  let pss = 0;
  let node = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss += kbField(status, 'VmRSS');
      if (pid === root) node = kbField(status, 'VmRSS');
      pss += kbField(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      // The process ended while being read.
    }
    todo.push(...(children.get(pid) ?? []));
  }
  return { rssMb: rss / 1024, pssMb: pss / 1024, nodeMb: node / 1024 };
}

interface Service {
  url: string;
  child: ChildProcess;
  readyMs: number;
  stop(): Promise<void>;
}

async function startService(env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN_JS], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      NODE_OPTIONS: imageNodeOptions(),
      HOST: '127.0.0.1',
      PORT: String(port),
      API_KEYS: API_KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_READ_PER_MINUTE: '1000000',
      RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  while (performance.now() - started < START_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child, readyMs: performance.now() - started, stop };
    await new Promise((r) => setTimeout(r, 20));
  }
  await stop();
  throw new Error(`not ready within ${START_TIMEOUT_MS} ms`);
}

/** Runs `work(i)` for i in [0, count) on CONCURRENCY workers, or until `seconds` pass; returns req/s. */
async function load(count: number, seconds: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count && performance.now() < deadline) {
        await work(next++);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function expectStatus(response: Response, status: number): Promise<unknown> {
  const body: unknown = await response.json();
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

interface Figures {
  engine: string;
  firstStartMs: number;
  restartMs: number;
  idle: TreeMemory;
  peak: TreeMemory;
  restartIdle: TreeMemory | undefined;
  createPerSecond: number;
  getPerSecond: number;
}

async function measure(engine: string, env: Record<string, string>, restartable: boolean): Promise<Figures> {
  const service = await startService(env);
  const pid = service.child.pid!;
  const peak = treeMemory(pid);
  const sampler = setInterval(() => {
    const now = treeMemory(pid);
    peak.rssMb = Math.max(peak.rssMb, now.rssMb);
    peak.pssMb = Math.max(peak.pssMb, now.pssMb);
    peak.nodeMb = Math.max(peak.nodeMb, now.nodeMb);
  }, 100);
  const ids: string[] = [];
  try {
    const createPerSecond = await load(BOOKS, 300, async (i) => {
      const response = await fetch(`${service.url}/api/v1/books`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: JSON.stringify({
          title: `Embedded ${i}`,
          authors: ['Bench Author'],
          isbn: isbn13(i),
          publishedYear: 2000,
        }),
      });
      ids.push(((await expectStatus(response, 201)) as { id: string }).id);
    });
    const getPerSecond = await load(1e9, READ_SECONDS, async (i) => {
      const response = await fetch(`${service.url}/api/v1/books/${ids[(i * 7919) % ids.length]}`);
      await expectStatus(response, 200);
    });
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 3_000));
    const idle = treeMemory(pid);
    await service.stop();
    let restartMs = NaN;
    let restartIdle: TreeMemory | undefined;
    if (restartable) {
      const again = await startService(env);
      restartMs = again.readyMs;
      await new Promise((r) => setTimeout(r, 2_000));
      restartIdle = treeMemory(again.child.pid!);
      await again.stop();
    }
    return {
      engine,
      firstStartMs: service.readyMs,
      restartMs,
      idle,
      peak,
      restartIdle,
      createPerSecond,
      getPerSecond,
    };
  } finally {
    clearInterval(sampler);
    await service.stop();
  }
}

async function withPostgresDatabase<T>(run: (url: string) => Promise<T>): Promise<T | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  const name = `embedded_bench_${process.pid}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const results: Figures[] = [];
  for (const engine of ['postgres', 'pglite'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), `embedded-bench-${engine}-`));
    try {
      results.push(await measure(`embedded ${engine}`, { DATA_DIR: dataDir, EMBEDDED_ENGINE: engine }, true));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const server = await withPostgresDatabase((url) =>
    measure('PostgreSQL server (Node only)', { DATABASE_URL: url }, false),
  );
  if (server) results.push(server);

  const round = (n: number) => (Number.isNaN(n) ? '-' : String(Math.round(n)));
  const mb = (m: TreeMemory) => `${round(m.rssMb)} / ${round(m.pssMb)} / ${round(m.nodeMb)}`;
  const rows = results.map((r) => [
    r.engine,
    round(r.firstStartMs),
    round(r.restartMs),
    mb(r.idle),
    mb(r.peak),
    r.restartIdle ? mb(r.restartIdle) : '-',
    round(r.createPerSecond),
    round(r.getPerSecond),
    server
      ? `${round((100 * r.createPerSecond) / server.createPerSecond)} / ${round((100 * r.getPerSecond) / server.getPerSecond)}`
      : '-',
  ]);
  const header = [
    'engine',
    'first start ms',
    'restart ms',
    'idle MB',
    'peak MB',
    'idle after restart MB',
    'createBook/s',
    'getBook/s',
    '% of server create / get',
  ];
  console.log(
    `${BOOKS} books, ${CONCURRENCY} concurrent requests, getBook for ${READ_SECONDS} s; memory as ` +
      'RSS summed over the process tree / PSS summed (shared memory counted once) / RSS of Node alone',
  );
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
