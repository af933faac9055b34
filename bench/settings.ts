// The benchmark's knobs: environment variables with defaults sized for a 2-core machine (< 10 minutes).

export interface BenchSettings {
  /** Books seeded into PostgreSQL (BENCH_BOOKS). */
  books: number;
  /** Books seeded into the embedded PGlite reference run (BENCH_PGLITE_BOOKS). */
  pgliteBooks: number;
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
  /** Extra node flags for every service run, e.g. `--max-old-space-size=96` (BENCH_SERVICE_NODE_FLAGS). */
  serviceNodeFlags: string[];
}

export const DEFAULTS = { books: 100_000, durationSeconds: 10, connections: 50 } as const;

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max} (got "${raw}")`);
  }
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const books = positiveInteger(env, 'BENCH_BOOKS', DEFAULTS.books, 5_000_000);
  const durationSeconds = positiveInteger(env, 'BENCH_DURATION', DEFAULTS.durationSeconds, 600);
  const connections = positiveInteger(env, 'BENCH_CONNECTIONS', DEFAULTS.connections, 2_000);
  const fullSize =
    books >= DEFAULTS.books && durationSeconds >= DEFAULTS.durationSeconds && connections === DEFAULTS.connections;
  return {
    books,
    pgliteBooks: positiveInteger(env, 'BENCH_PGLITE_BOOKS', 5_000, 1_000_000),
    durationSeconds,
    warmupSeconds: Math.min(positiveInteger(env, 'BENCH_WARMUP', 2, 60), durationSeconds),
    connections,
    poolSize: positiveInteger(env, 'BENCH_POOL_SIZE', 10, 1_000),
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
    serviceNodeFlags: (env.BENCH_SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  };
}
