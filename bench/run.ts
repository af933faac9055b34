import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { ENV_VAR_NAMES } from '../apps/api/src/config/env.schema';
import { BenchDatabase, createBenchDatabase, seedPglite, seedPostgres } from './bench-database';
import { measure, Measurement, medianByThroughput } from './load';
import {
  BASELINE,
  BenchReport,
  checkTargets,
  ColdStart,
  find,
  machineFacts,
  renderMarkdown,
  ScenarioResult,
  SERVICE,
  updateDocs,
} from './report';
import { hasTaskset, pinSelf, RunningService, startService } from './service-process';
import { readSettings } from './settings';
import { API_KEY, Workload } from './workload';

// `npm run bench`: build, seed, load the production build and a bare baseline, print and save the figures.

const ROOT = resolve(__dirname, '..');
const MAIN_JS = join(ROOT, 'dist/apps/api/src/main.js');
const BASELINE_JS = join(ROOT, 'bench/baseline-server.mts');
const RESULTS_DIR = join(ROOT, 'bench/results');
const DOCS = join(ROOT, 'docs/performance.md');
/** Readiness: /ready once the lifecycle work is there; until then the cheapest real read. */
const READY_PATHS = ['/ready', '/api/v1/books?limit=1'];
const CURSOR_DEPTH = 5;
/** Alternating getBook rounds, with logging on and off, behind the observability cost figure. */
const OBSERVABILITY_ROUNDS = 3;

const settings = readSettings();
const startedAt = new Date();
const loadAtStart = os.loadavg();
const logDir = mkdtempSync(join(os.tmpdir(), 'book-library-bench-'));
const cleanups: Array<() => Promise<void>> = [];

const log = (message: string) =>
  process.stderr.write(`[bench ${((performance.now() / 1000) | 0).toString().padStart(4)} s] ${message}\n`);

async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()!().catch((e: unknown) => log(`clean-up failed: ${String(e)}`));
  if (process.env.BENCH_KEEP_LOGS !== '1') rmSync(logDir, { recursive: true, force: true });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping servers and dropping the database`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const wanted = (name: string) => settings.only.length === 0 || settings.only.includes(name);

/** The service's env: production, JSON logs to a file, an API key, limits out of the way. */
function serviceEnv(extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    API_KEYS: API_KEY,
    DB_POOL_SIZE: String(settings.poolSize),
    RATE_LIMIT_READ_PER_MINUTE: '1000000',
    RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
    SHUTDOWN_DRAIN_MS: '0',
    SHUTDOWN_TIMEOUT_MS: '5000',
    ...extra,
  };
}

async function start(
  name: string,
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<RunningService> {
  const service = await startService({
    script,
    env,
    // The baseline gets the same V8 flags: the ratio should price the code, not the heap settings.
    nodeArgs: [...settings.serviceNodeFlags, ...nodeArgs],
    logFile: join(logDir, `${name.replace(/\W+/g, '-')}.log`),
    cpu: settings.serverCpu,
    readyPaths: READY_PATHS,
  });
  cleanups.push(() => service.stop());
  log(`${name} ready in ${service.coldStartMs.toFixed(0)} ms (${service.readyPath})`);
  return service;
}

/** A switch that turns metrics off, if the service has one (read from its env schema). */
function metricsSwitch(): Record<string, string> | null {
  const names = ENV_VAR_NAMES as readonly string[];
  if (names.includes('METRICS_ENABLED')) return { METRICS_ENABLED: 'false' };
  if (names.includes('METRICS_DISABLED')) return { METRICS_DISABLED: 'true' };
  return null;
}

function build(): void {
  if (settings.skipBuild) return;
  log('npm run build');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

async function main(): Promise<void> {
  const pinned = pinSelf(settings.loadCpu);
  if (!pinned) log('taskset not found: server and load generator share the CPUs');
  build();

  const results: ScenarioResult[] = [];
  const coldStarts: ColdStart[] = [];
  const load = { ...settings };
  const record = (name: string, server: string, measurement: Measurement) => {
    results.push({ name, server, measurement });
    const m = measurement;
    log(
      `${server} ${name}: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50} p99 ${m.p99} max ${m.max} ms, ` +
        `${m.non2xx} non-2xx, ${m.errors} errors, CPU ${m.cpuPercent.toFixed(0)} %, RSS ${m.peakRssMb.toFixed(0)} MB`,
    );
  };

  // PostgreSQL: a database of our own, seeded through the repository.
  const database: BenchDatabase = await createBenchDatabase(settings.adminUrl);
  cleanups.push(() => database.drop());
  log(`database ${database.name}: seeding ${settings.books.toLocaleString('en')} books`);
  const seeded = await seedPostgres(database.url, settings.books, (done) => {
    if (done % 20_000 === 0 || done === settings.books) log(`  ${done.toLocaleString('en')} books`);
  });
  log(`seeded in ${seeded.seconds.toFixed(1)} s`);

  // The bare baseline, with the repository's own SQL.
  if (wanted('getBook') || wanted('listBooks')) {
    const baseline = await start('baseline', BASELINE_JS, {
      DATABASE_URL: database.url,
      DB_POOL_SIZE: String(settings.poolSize),
      BASELINE_GET_BOOK_QUERY: JSON.stringify({
        sql: seeded.getBookQuery.sql,
        params: seeded.getBookQuery.params.map((p) => (p === seeded.ids[0] ? '$id' : p)),
      }),
      BASELINE_FIRST_PAGE_QUERY: JSON.stringify(seeded.firstPageQuery),
    });
    const workload = new Workload(seeded.ids);
    if (wanted('getBook')) {
      record('getBook', BASELINE, await measure(baseline, () => workload.requests(() => workload.getBook()), load));
    }
    if (wanted('listBooks')) {
      record('listBooks', BASELINE, await measure(baseline, () => workload.requests(() => workload.list()), load));
    }
    await baseline.stop();
  }

  // The production build at the production log level.
  const profileArgs = settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'profiles')}`] : [];
  const service = await start('service', MAIN_JS, serviceEnv({ DATABASE_URL: database.url }), profileArgs);
  coldStarts.push({ server: SERVICE, ms: service.coldStartMs, readyPath: service.readyPath });
  const workload = new Workload(seeded.ids);
  const scenarios: Array<[string, () => ReturnType<Workload['requests']>]> = [
    ['getBook', () => workload.requests(() => workload.getBook())],
    ['listBooks', () => workload.requests(() => workload.list())],
    ['listBooks q', () => workload.requests(() => workload.listByQ())],
    ['listBooks author', () => workload.requests(() => workload.listByAuthor())],
    ['listBooks years -publishedYear', () => workload.requests(() => workload.listByYears())],
    [`cursor ${CURSOR_DEPTH} pages`, () => workload.cursorWalk(CURSOR_DEPTH)],
    ['createBook', () => workload.requests(() => workload.createBook())],
    ['updateBook', () => workload.requests((c) => workload.updateBook(c) ?? workload.getBook())],
    ['mixed 90/10', () => workload.requests((c) => workload.mixed(c))],
  ];
  let requestsServed = 0;
  for (const [name, requests] of scenarios) {
    if (!wanted(name.split(' ')[0]) && !wanted(name)) continue;
    const measurement = await measure(service, requests, load, () => workload.endRun());
    requestsServed += measurement.requests;
    record(name, SERVICE, measurement);
  }
  const peakRssMb = service.sampler.highWaterMb();
  const logBytes = service.logBytes();

  // The same getBook with logging off (and metrics, when the service has a switch for them). One run
  // each is at the mercy of the machine's noise (10-30 % between runs here), so the two processes take
  // turns, OBSERVABILITY_ROUNDS rounds each, and the medians are compared.
  const metricsOff = metricsSwitch();
  const quietName = `LOG_LEVEL=silent${metricsOff ? `, ${Object.keys(metricsOff)[0]}` : ''}`;
  let overheadPercent: number | null = null;
  let observabilityNote = 'not measured (getBook not run)';
  if (wanted('getBook')) {
    const quiet = await start(
      'service-quiet',
      MAIN_JS,
      serviceEnv({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...metricsOff }),
    );
    coldStarts.push({ server: `service (${quietName})`, ms: quiet.coldStartMs, readyPath: quiet.readyPath });
    const loudRounds: Measurement[] = [];
    const quietRounds: Measurement[] = [];
    for (let round = 0; round < OBSERVABILITY_ROUNDS; round++) {
      loudRounds.push(await measure(service, () => workload.requests(() => workload.getBook()), load));
      quietRounds.push(await measure(quiet, () => workload.requests(() => workload.getBook()), load));
    }
    await quiet.stop();
    const loud = medianByThroughput(loudRounds);
    const quietGet = medianByThroughput(quietRounds);
    // The service's getBook row is the median round too: its first run, right after start-up, is
    // still partly V8 warm-up (typically 10-20 % slower), which the other scenarios do not suffer.
    const first = results.find((r) => r.name === 'getBook' && r.server === SERVICE)!;
    const firstRun = first.measurement.requestsPerSecond;
    first.measurement = loud;
    record('getBook', `service (${quietName})`, quietGet);
    overheadPercent = (100 * (quietGet.requestsPerSecond - loud.requestsPerSecond)) / quietGet.requestsPerSecond;
    observabilityNote =
      `getBook at LOG_LEVEL=info with metrics on serves ${overheadPercent.toFixed(1)} % fewer requests/s than ` +
      `with ${quietName} (medians of ${OBSERVABILITY_ROUNDS} alternating rounds each: ` +
      `${loudRounds.map((m) => m.requestsPerSecond.toFixed(0)).join(', ')} vs ` +
      `${quietRounds.map((m) => m.requestsPerSecond.toFixed(0)).join(', ')} req/s)` +
      (metricsOff ? '.' : '; the service has no switch to turn metrics off, so this is the logging cost alone.') +
      ' Tracing is off in both (no OTEL_EXPORTER_OTLP_ENDPOINT).' +
      ` The service's getBook row is its median round; its first run, right after start-up, served ` +
      `${firstRun.toFixed(0)} req/s.`;
  }
  await service.stop();
  await database.drop();

  // The embedded default, for reference.
  let pgliteSeed: { books: number; seconds: number } | undefined;
  if (settings.pgliteBooks > 0 && (wanted('getBook') || wanted('createBook'))) {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'book-library-bench-pglite-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    log(`PGlite: seeding ${settings.pgliteBooks.toLocaleString('en')} books`);
    const pglite = await seedPglite(dataDir, settings.pgliteBooks);
    pgliteSeed = { books: pglite.books, seconds: pglite.seconds };
    const embedded = await start('service-pglite', MAIN_JS, serviceEnv({ DATA_DIR: dataDir }));
    const server = 'service (PGlite)';
    coldStarts.push({ server, ms: embedded.coldStartMs, readyPath: embedded.readyPath });
    const pgliteWorkload = new Workload(pglite.ids);
    if (wanted('getBook')) {
      record(
        'getBook',
        server,
        await measure(embedded, () => pgliteWorkload.requests(() => pgliteWorkload.getBook()), load),
      );
    }
    if (wanted('createBook')) {
      record(
        'createBook',
        server,
        await measure(embedded, () => pgliteWorkload.requests(() => pgliteWorkload.createBook()), load),
      );
    }
    await embedded.stop();
  }

  const baselineRatios: Record<string, number> = {};
  for (const name of ['getBook', 'listBooks']) {
    const ours = find({ results }, name);
    const bare = find({ results }, name, BASELINE);
    if (ours && bare) baselineRatios[name] = ours.requestsPerSecond / bare.requestsPerSecond;
  }
  const { adminUrl: _adminUrl, ...publicSettings } = settings;
  const partial: Omit<BenchReport, 'targets'> = {
    startedAt: startedAt.toISOString(),
    minutes: (Date.now() - startedAt.getTime()) / 60_000,
    machine: machineFacts(seeded.postgresVersion, pinned && hasTaskset, loadAtStart),
    settings: publicSettings,
    seed: { postgres: { books: seeded.books, seconds: seeded.seconds }, pglite: pgliteSeed },
    coldStarts,
    results,
    baselineRatios,
    observability: { variant: quietName, overheadPercent, note: observabilityNote },
    peakRssMb,
    logBytesPerRequest: requestsServed > 0 ? logBytes / requestsServed : null,
  };
  const report: BenchReport = { ...partial, targets: checkTargets(partial) };
  const markdown = renderMarkdown(report);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(RESULTS_DIR, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${stamp}.md`), markdown);
  process.stdout.write(`\n${markdown}\n`);
  log(`results: bench/results/${stamp}.json and .md`);
  if (settings.updateDocs)
    log(updateDocs(DOCS, markdown) ? 'docs/performance.md updated' : 'docs/performance.md: no results block');
}

main()
  .catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
