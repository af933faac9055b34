// The benchmark's knobs: environment variables with defaults sized for a 2-core machine (< 10 minutes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchSettings {
  /** Books seeded into PostgreSQL (BENCH_BOOKS). */
  books: number;
  /** Books seeded for the embedded default's run (BENCH_EMBEDDED_BOOKS, formerly BENCH_PGLITE_BOOKS); 0 skips it. */
  embeddedBooks: number;
  /** Our service's HTTP adapters, in order (BENCH_ADAPTERS=express,fastify). */
  adapters: Array<'express' | 'fastify'>;
  /** Run the baselines (BENCH_BASELINES=0 skips both). */
  baselines: boolean;
  /** Open-loop arrival rate in requests/s and seconds per open-loop run (BENCH_OPEN_LOOP_RATE, BENCH_OPEN_LOOP_DURATION); 0 seconds skips them. */
  openLoopRate: number;
  openLoopSeconds: number;
  /** Measured seconds per scenario (BENCH_DURATION). */
  durationSeconds: number;
  /** Unmeasured seconds before each scenario (BENCH_WARMUP). */
  warmupSeconds: number;
  /** Concurrent HTTP connections (BENCH_CONNECTIONS). */
  connections: number;
  /** DB_POOL_SIZE of the service, and the bare baseline's pool (BENCH_POOL_SIZE). */
  poolSize: number;
  /** Server used to create (and drop) the benchmark's own database (BENCH_DATABASE_URL, else TEST_DATABASE_URL). */
  adminUrl: string;
  /** Only these scenarios (BENCH_SCENARIOS=getBook,createBook): for a quick try. Empty: all. */
  only: string[];
  /** Skip `npm run build` (BENCH_SKIP_BUILD=1) when dist/ is known to be fresh. */
  skipBuild: boolean;
  /** Rewrite the results block of docs/performance.md (BENCH_UPDATE_DOCS; default: only for a full-size run). */
  updateDocs: boolean;
  /** Core of the server under test and core of the load generator (BENCH_SERVER_CPU, BENCH_LOAD_CPU). */
  serverCpu: string;
  loadCpu: string;
  /** Run the service on PostgreSQL with `node --cpu-prof` into bench/results/profiles (BENCH_CPU_PROF=1). */
  cpuProfile: boolean;
  /** Node flags for every server run (BENCH_SERVICE_NODE_FLAGS); by default the image's NODE_OPTIONS. */
  serviceNodeFlags: string[];
}

export const DEFAULTS = { books: 100_000, durationSeconds: 5, connections: 50 } as const;

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

/** The NODE_OPTIONS the image sets (`ENV ... NODE_OPTIONS="..."` in the Dockerfile), as a list of flags. */
export function imageNodeOptions(dockerfile: string): string[] {
  const match = /^\s*NODE_OPTIONS="([^"]*)"/m.exec(dockerfile);
  return match ? match[1].split(' ').filter(Boolean) : [];
}

const ADAPTERS = ['express', 'fastify'] as const;

function adaptersOf(raw: string | undefined): Array<'express' | 'fastify'> {
  if (raw === undefined || raw.trim() === '') return [...ADAPTERS];
  const names = raw.split(',').map((a) => a.trim());
  const unknown = names.filter((a) => !(ADAPTERS as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`BENCH_ADAPTERS must list express and/or fastify (got "${raw}")`);
  return [...new Set(names)] as Array<'express' | 'fastify'>;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const books = wholeNumber(env, 'BENCH_BOOKS', DEFAULTS.books, 5_000_000);
  const durationSeconds = wholeNumber(env, 'BENCH_DURATION', DEFAULTS.durationSeconds, 600);
  const connections = wholeNumber(env, 'BENCH_CONNECTIONS', DEFAULTS.connections, 2_000);
  const fullSize =
    books >= DEFAULTS.books && durationSeconds >= DEFAULTS.durationSeconds && connections === DEFAULTS.connections;
  return {
    books,
    embeddedBooks: wholeNumber(
      env,
      env.BENCH_EMBEDDED_BOOKS === undefined ? 'BENCH_PGLITE_BOOKS' : 'BENCH_EMBEDDED_BOOKS',
      5_000,
      1_000_000,
      0,
    ),
    adapters: adaptersOf(env.BENCH_ADAPTERS),
    baselines: env.BENCH_BASELINES !== '0',
    openLoopRate: wholeNumber(env, 'BENCH_OPEN_LOOP_RATE', 1_000, 100_000),
    openLoopSeconds: wholeNumber(env, 'BENCH_OPEN_LOOP_DURATION', 5, 600, 0),
    durationSeconds,
    warmupSeconds: Math.min(wholeNumber(env, 'BENCH_WARMUP', 1, 60, 0), durationSeconds),
    connections,
    poolSize: wholeNumber(env, 'BENCH_POOL_SIZE', 10, 1_000),
    adminUrl: env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    only: (env.BENCH_SCENARIOS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    skipBuild: env.BENCH_SKIP_BUILD === '1',
    updateDocs: env.BENCH_UPDATE_DOCS === undefined ? fullSize : env.BENCH_UPDATE_DOCS === '1',
    serverCpu: env.BENCH_SERVER_CPU ?? '1',
    loadCpu: env.BENCH_LOAD_CPU ?? '0',
    cpuProfile: env.BENCH_CPU_PROF === '1',
    // The service runs as the image runs it, unless told otherwise ('' runs it with none).
    serviceNodeFlags:
      env.BENCH_SERVICE_NODE_FLAGS === undefined
        ? imageNodeOptions(readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8'))
        : env.BENCH_SERVICE_NODE_FLAGS.split(' ').filter(Boolean),
  };
}
