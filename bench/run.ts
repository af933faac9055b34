import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { BenchDatabase, createBenchDatabase, seedEmbedded, seedPostgres } from './bench-database';
import { measure, Measurement, medianByThroughput } from './load';
import {
  Adapter,
  BARE,
  BenchReport,
  checkTargets,
  ColdStart,
  EMBEDDED,
  EmbeddedRun,
  machineFacts,
  nest,
  OPEN_LOOP_P99_MS,
  renderMarkdown,
  ScenarioResult,
  service,
  Unavailable,
  updateDocs,
} from './report';
import { CAPTURE_NODE_ARGS, CaptureFile, differences, runSamples, templatesFrom } from './repository-sql';
import { hasTaskset, pinSelf, RunningService, startService } from './service-process';
import { readSettings } from './settings';
import type { SqlTemplates } from './sql-template';
import { API_KEY, Workload } from './workload';

// `npm run bench`: build, seed, learn the repository's SQL, then load the bare and featureless-Nest baselines
// and the production build on each adapter (closed and open loop), and the embedded default; print and save.

const ROOT = resolve(__dirname, '..');
const MAIN_JS = join(ROOT, 'dist/apps/api/src/main.js');
const CONFIG_JS = join(ROOT, 'dist/apps/api/src/config');
const BARE_JS = join(ROOT, 'bench/baseline-server.mts');
const NEST_JS = join(ROOT, 'bench/nest-baseline-server.mts');
const RESULTS_DIR = join(ROOT, 'bench/results');
const DOCS = join(ROOT, 'docs/performance.md');
/** Readiness: /ready once the lifecycle work is there; until then the cheapest real read. */
const READY_PATHS = ['/ready', '/api/v1/books?limit=1'];
const CURSOR_DEPTH = 5;
/** Alternating getBook rounds, with logging on and off, behind the logging cost figure. */
const OBSERVABILITY_ROUNDS = 3;
/** Settling time before the embedded default's idle RSS is read. */
const IDLE_SETTLE_MS = 1_000;

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

const wanted = (name: string) =>
  settings.only.length === 0 || settings.only.includes(name) || settings.only.includes(name.split(' ')[0]);

/** Whether this build reads HTTP_ADAPTER (from its compiled env schema); without it the service is Express only. */
function buildHasAdapterSwitch(): boolean {
  try {
    return readdirSync(CONFIG_JS).some(
      (f) => f.endsWith('.js') && readFileSync(join(CONFIG_JS, f), 'utf8').includes('HTTP_ADAPTER'),
    );
  } catch {
    return false;
  }
}

/** The service's env: production, JSON logs to a file, an API key, limits out of the way. */
function serviceEnv(extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    API_KEYS: API_KEY,
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
  options: { nodeArgs?: string[]; tree?: boolean } = {},
): Promise<RunningService> {
  const running = await startService({
    script,
    env,
    // Every server gets the same V8 flags: the ratios should price the code, not the heap settings.
    nodeArgs: [...settings.serviceNodeFlags, ...(options.nodeArgs ?? [])],
    logFile: join(logDir, `${name.replace(/\W+/g, '-')}.log`),
    cpu: settings.serverCpu,
    readyPaths: READY_PATHS,
    tree: options.tree,
  });
  cleanups.push(() => running.stop());
  log(`${name} ready in ${running.coldStartMs.toFixed(0)} ms (${running.readyPath})`);
  return running;
}

function build(): void {
  if (settings.skipBuild) return;
  log('npm run build');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

/** A server the benchmark loads: one of the two baselines, or the service on one adapter. */
interface Server {
  label: string;
  script: string;
  env: Record<string, string>;
  baseline: boolean;
  adapter?: Adapter;
}

async function main(): Promise<void> {
  const pinned = pinSelf(settings.loadCpu);
  if (!pinned) log('taskset not found: server and load generator share the CPUs');
  build();

  const results: ScenarioResult[] = [];
  const openLoop: ScenarioResult[] = [];
  const unavailable: Unavailable[] = [];
  const coldStarts: ColdStart[] = [];
  const peakRssMb: BenchReport['peakRssMb'] = {};
  const load = { ...settings };
  const record = (into: ScenarioResult[], name: string, server: string, m: Measurement) => {
    into.push({ name, server, measurement: m });
    log(
      `${server} ${name}${into === openLoop ? ' (open loop)' : ''}: ${m.requestsPerSecond.toFixed(0)} req/s, ` +
        `p50 ${m.p50} p99 ${m.p99} max ${m.max} ms, ${m.non2xx} non-2xx, ${m.errors} errors, CPU ${m.cpuPercent.toFixed(0)} %, ` +
        `RSS ${m.peakRssMb.toFixed(0)} MB`,
    );
  };

  // PostgreSQL: a database of our own, migrated by the service's migrations, seeded with our bulk INSERT.
  const database: BenchDatabase = await createBenchDatabase(settings.adminUrl);
  cleanups.push(() => database.drop());
  log(`database ${database.name}: seeding ${settings.books.toLocaleString('en')} books`);
  const seeded = await seedPostgres(database.url, settings.books, (done) => {
    if (done % 20_000 === 0 || done === settings.books) log(`  ${done.toLocaleString('en')} books`);
  });
  log(`seeded in ${seeded.seconds.toFixed(1)} s`);
  // The embedded run keeps its own default pool, as `make run` does.
  const dbEnv = { DATABASE_URL: database.url, DB_POOL_SIZE: String(settings.poolSize) };

  // The repository's SQL, from the production build itself; every baseline is then checked to send exactly it.
  let sampleSerial = 0;
  const capture = new CaptureFile(join(logDir, 'sql-capture.jsonl'));
  const captureEnv = { BENCH_SQL_CAPTURE_FILE: capture.path };
  let templates: SqlTemplates = {};
  if (settings.baselines) {
    const capturing = await start('service-sql-capture', MAIN_JS, serviceEnv({ ...dbEnv, ...captureEnv }), {
      nodeArgs: CAPTURE_NODE_ARGS,
    });
    templates = templatesFrom(await runSamples(capturing.url, capture, seeded.ids[0], ++sampleSerial));
    // A second sample with other values: the templates must predict what the service sends for it too.
    const check = differences(templates, await runSamples(capturing.url, capture, seeded.ids[0], ++sampleSerial));
    await capturing.stop();
    if (check.length > 0) throw new Error(`the captured SQL does not generalise:\n${check.join('\n')}`);
    log(`captured the repository's SQL for ${Object.keys(templates).length} scenarios`);
  }

  const adapterSwitch = buildHasAdapterSwitch();
  const servers: Server[] = [];
  if (settings.baselines) {
    const baselineEnv = { ...dbEnv, BASELINE_SQL: JSON.stringify(templates) };
    servers.push({ label: BARE, script: BARE_JS, env: baselineEnv, baseline: true });
    for (const adapter of settings.adapters) {
      servers.push({
        label: nest(adapter),
        script: NEST_JS,
        env: { ...baselineEnv, BASELINE_ADAPTER: adapter },
        baseline: true,
      });
    }
  }
  for (const adapter of settings.adapters) {
    if (!adapterSwitch && adapter !== 'express') {
      unavailable.push({ server: service(adapter), reason: 'this build has no HTTP_ADAPTER setting (Express only)' });
      continue;
    }
    const env = serviceEnv({ ...dbEnv, ...(adapterSwitch ? { HTTP_ADAPTER: adapter } : {}) });
    servers.push({ label: service(adapter), script: MAIN_JS, env, baseline: false, adapter });
  }

  // One workload for every server: PATCHes carry If-Match with the version the last server left.
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
  const openLoopScenarios = scenarios.filter(([name]) => name in OPEN_LOOP_P99_MS);
  let requestsServed = 0;
  let logBytes = 0;
  let observability: BenchReport['observability'] = {
    variant: 'LOG_LEVEL=silent',
    overheadPercent: null,
    note: 'not measured (getBook on Express not run)',
  };

  for (const server of servers) {
    if (server.baseline) {
      // Proof before figures: the baseline, with the capture preloaded, must send the repository's very SQL.
      const checking = await start(
        `${server.label}-sql-check`,
        server.script,
        { ...server.env, ...captureEnv },
        {
          nodeArgs: CAPTURE_NODE_ARGS,
        },
      );
      const found = differences(templates, await runSamples(checking.url, capture, seeded.ids[0], ++sampleSerial));
      await checking.stop();
      if (found.length > 0) throw new Error(`${server.label} does not send the repository's SQL:\n${found.join('\n')}`);
    }
    let running: RunningService;
    try {
      // BENCH_CPU_PROF=1: a V8 CPU profile of our service per adapter (the baselines are not profiled).
      const profile = settings.cpuProfile && !server.baseline;
      running = await start(server.label, server.script, server.env, {
        nodeArgs: profile
          ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS_DIR, 'profiles', server.adapter ?? 'service')}`]
          : [],
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      unavailable.push({ server: server.label, reason: `did not start: ${reason}` });
      log(`${server.label} not available: ${reason}`);
      continue;
    }
    if (!server.baseline)
      coldStarts.push({ server: server.label, ms: running.coldStartMs, readyPath: running.readyPath });
    const logBefore = running.logBytes();
    let served = 0;
    for (const [name, requests] of scenarios) {
      if (!wanted(name)) continue;
      const m = await measure(running, requests, load, () => workload.endRun());
      served += m.requests;
      record(results, name, server.label, m);
    }
    if (settings.openLoopSeconds > 0) {
      for (const [name, requests] of openLoopScenarios) {
        if (!wanted(name)) continue;
        const openSettings = { ...load, durationSeconds: settings.openLoopSeconds };
        const m = await measure(running, requests, openSettings, () => workload.endRun(), settings.openLoopRate);
        served += m.requests;
        record(openLoop, name, server.label, m);
      }
    }
    if (server.adapter) peakRssMb[server.adapter] = running.sampler.highWaterMb();
    if (server.adapter === 'express') {
      requestsServed = served;
      logBytes = running.logBytes() - logBefore;
      if (wanted('getBook')) observability = await loggingCost(running, server, workload, results, record);
    }
    await running.stop();
  }
  await database.drop();

  const embedded = await embeddedRun(results, record);

  const { adminUrl: _adminUrl, ...publicSettings } = settings;
  const partial: Omit<BenchReport, 'targets'> = {
    startedAt: startedAt.toISOString(),
    minutes: (Date.now() - startedAt.getTime()) / 60_000,
    machine: machineFacts(seeded.postgresVersion, pinned && hasTaskset, loadAtStart),
    settings: publicSettings,
    seed: {
      postgres: { books: seeded.books, seconds: seeded.seconds },
      embedded: embedded ? { books: embedded.run.books, seconds: embedded.seedSeconds } : undefined,
    },
    coldStarts,
    results,
    openLoop,
    unavailable,
    observability,
    peakRssMb,
    embedded: embedded?.run ?? null,
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

type Record_ = (into: ScenarioResult[], name: string, server: string, m: Measurement) => void;

/**
 * The same getBook with LOG_LEVEL=silent. One run each is at the mercy of the machine's noise (10-30 % between
 * runs), so the two processes take turns, OBSERVABILITY_ROUNDS rounds each, and the medians are compared.
 */
async function loggingCost(
  loud: RunningService,
  server: Server,
  workload: Workload,
  results: ScenarioResult[],
  record: Record_,
): Promise<BenchReport['observability']> {
  const variant = 'LOG_LEVEL=silent';
  const quiet = await start('service-quiet', server.script, { ...server.env, LOG_LEVEL: 'silent' });
  const loudRounds: Measurement[] = [];
  const quietRounds: Measurement[] = [];
  const getBook = () => workload.requests(() => workload.getBook());
  for (let round = 0; round < OBSERVABILITY_ROUNDS; round++) {
    loudRounds.push(await measure(loud, getBook, settings));
    quietRounds.push(await measure(quiet, getBook, settings));
  }
  await quiet.stop();
  const loudMedian = medianByThroughput(loudRounds);
  const quietMedian = medianByThroughput(quietRounds);
  // The service's getBook row becomes the median round: its first run, right after start-up, is partly warm-up.
  const first = results.find((r) => r.name === 'getBook' && r.server === server.label);
  const firstRun = first?.measurement.requestsPerSecond;
  if (first) first.measurement = loudMedian;
  record(results, 'getBook', `${server.label}, ${variant}`, quietMedian);
  const overheadPercent =
    (100 * (quietMedian.requestsPerSecond - loudMedian.requestsPerSecond)) / quietMedian.requestsPerSecond;
  const note =
    `getBook at LOG_LEVEL=info serves ${Math.abs(overheadPercent).toFixed(1)} % ${overheadPercent >= 0 ? 'fewer' : 'more (noise)'} ` +
    `requests/s than with ${variant} ` +
    `(medians of ${OBSERVABILITY_ROUNDS} alternating rounds each: ` +
    `${loudRounds.map((m) => m.requestsPerSecond.toFixed(0)).join(', ')} vs ` +
    `${quietRounds.map((m) => m.requestsPerSecond.toFixed(0)).join(', ')} req/s); metrics on in both, tracing off ` +
    `(no OTEL_EXPORTER_OTLP_ENDPOINT).` +
    (firstRun === undefined
      ? ''
      : ` The getBook row is the median round; the first run served ${firstRun.toFixed(0)} req/s.`);
  return { variant, overheadPercent, note };
}

/**
 * The embedded default (no DATABASE_URL): first start on an empty DATA_DIR, seeded by the benchmark, restarted,
 * idle RSS, then getBook and createBook. CPU and RSS cover the whole process tree (a database child included).
 */
async function embeddedRun(
  results: ScenarioResult[],
  record: Record_,
): Promise<{ run: EmbeddedRun; seedSeconds: number } | null> {
  if (settings.embeddedBooks === 0 || !(wanted('getBook') || wanted('createBook'))) return null;
  const dataDir = mkdtempSync(join(os.tmpdir(), 'book-library-bench-data-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const env = serviceEnv({ DATA_DIR: dataDir });
  const first = await start('service-embedded-first-start', MAIN_JS, env, { tree: true });
  const firstStartMs = first.coldStartMs;
  const firstStartPeakRssMb = first.sampler.highWaterMb();
  await first.stop();
  log(`embedded: seeding ${settings.embeddedBooks.toLocaleString('en')} books`);
  const seeded = await seedEmbedded(dataDir, settings.embeddedBooks);
  const running = await start('service-embedded', MAIN_JS, env, { tree: true });
  await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
  const idleRssMb = running.sampler.currentMb();
  const workload = new Workload(seeded.ids);
  if (wanted('getBook')) {
    record(
      results,
      'getBook',
      EMBEDDED,
      await measure(running, () => workload.requests(() => workload.getBook()), settings),
    );
  }
  if (wanted('createBook')) {
    record(
      results,
      'createBook',
      EMBEDDED,
      await measure(running, () => workload.requests(() => workload.createBook()), settings),
    );
  }
  const peakRssMb = running.sampler.highWaterMb();
  await running.stop();
  return {
    run: {
      books: seeded.books,
      firstStartMs,
      firstStartPeakRssMb,
      restartMs: running.coldStartMs,
      idleRssMb,
      peakRssMb,
    },
    seedSeconds: seeded.seconds,
  };
}

main()
  .catch((error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
