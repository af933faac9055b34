import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Measurement } from './load';
import type { BenchSettings } from './settings';

// The benchmark's result: JSON for machines, Markdown tables for people, the targets of issues 14 and 15 checked.

export type Adapter = 'express' | 'fastify';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
  os: string;
  pinned: boolean;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
}

export interface ScenarioResult {
  name: string;
  /** Which process answered: the service on an adapter, a variant of it, or a baseline. */
  server: string;
  measurement: Measurement;
}

export interface ColdStart {
  server: string;
  ms: number;
  readyPath: string;
}

export interface Unavailable {
  server: string;
  reason: string;
}

export interface EmbeddedRun {
  books: number;
  /** Spawn → /ready on an empty DATA_DIR, then on the same one again. */
  firstStartMs: number;
  restartMs: number;
  /** Highest RSS of the process tree while it created the DATA_DIR (initdb, migrations) and reached /ready. */
  firstStartPeakRssMb: number;
  /** RSS of the service's whole process tree after the restart, before any load. */
  idleRssMb: number;
  /** Highest RSS of the process tree over the embedded run, seeding excluded (the benchmark seeds it). */
  peakRssMb: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** null: not measured in this run (a scenario skipped, or a server not available). */
  met: boolean | null;
}

export interface BenchReport {
  startedAt: string;
  minutes: number;
  machine: Machine;
  settings: Omit<BenchSettings, 'adminUrl'>;
  seed: { postgres?: { books: number; seconds: number }; embedded?: { books: number; seconds: number } };
  coldStarts: ColdStart[];
  results: ScenarioResult[];
  openLoop: ScenarioResult[];
  unavailable: Unavailable[];
  observability: { variant: string; overheadPercent: number | null; note: string };
  /** VmHWM of the service on PostgreSQL over its whole run, per adapter. */
  peakRssMb: Partial<Record<Adapter, number>>;
  embedded: EmbeddedRun | null;
  logBytesPerRequest: number | null;
  targets: TargetCheck[];
}

export const BARE = 'bare node:http + pg';
export const nest = (adapter: Adapter) => `featureless Nest (${adapter})`;
export const service = (adapter: Adapter) => `service (${adapter})`;
export const EMBEDDED = 'service (embedded)';

export const SCENARIOS = [
  'getBook',
  'listBooks',
  'listBooks q',
  'listBooks author',
  'listBooks years -publishedYear',
  'cursor 5 pages',
  'createBook',
  'updateBook',
  'mixed 90/10',
] as const;

/** Open-loop scenarios and their p99 targets (issue 14). */
export const OPEN_LOOP_P99_MS: Record<string, number> = { getBook: 10, listBooks: 25, createBook: 25 };

export function machineFacts(postgres: string, pinned: boolean, loadAverageAtStart: number[]): Machine {
  const cpus = os.cpus();
  return {
    // Not availableParallelism(): this process is pinned to one CPU.
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()}`,
    pinned,
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg(),
  };
}

export function find(results: readonly ScenarioResult[], name: string, server: string): Measurement | undefined {
  return results.find((r) => r.name === name && r.server === server)?.measurement;
}

/** Server CPU time per request: less sensitive to a busy machine than requests/s. */
export const cpuMsPerRequest = (m: Measurement) => (10 * m.cpuPercent) / m.requestsPerSecond;

const percent = (ratio: number) => `${(ratio * 100).toFixed(0)} %`;
const number = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const clean = (m: Measurement) => m.non2xx === 0 && m.errors === 0;

/** Ours over another server's requests/s for one scenario; undefined when either did not run. */
export function ratio(
  results: readonly ScenarioResult[],
  name: string,
  ours: string,
  other: string,
): number | undefined {
  const a = find(results, name, ours);
  const b = find(results, name, other);
  return a && b ? a.requestsPerSecond / b.requestsPerSecond : undefined;
}

type Partial14 = Omit<BenchReport, 'targets'>;

function notMeasured(report: Partial14, target: string, server: string): TargetCheck {
  const why = report.unavailable.find((u) => u.server === server)?.reason ?? 'not run';
  return { target, measured: `not measured: ${why}`, met: null };
}

/** Issue 14's targets, each with what was measured. */
function pipelineTargets(report: Partial14): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { results } = report;
  const express = service('express');
  const fastify = service('fastify');
  const cpuLimits: Array<[string, number]> = [
    ['getBook', 0.26],
    ['listBooks', 0.6],
    ['createBook', 0.55],
  ];
  for (const [name, limit] of cpuLimits) {
    const target = `Express: ${name} ≤ ${limit} CPU ms/request`;
    const m = find(results, name, express);
    checks.push(
      m
        ? { target, measured: `${number(cpuMsPerRequest(m), 2)} ms`, met: cpuMsPerRequest(m) <= limit && clean(m) }
        : notMeasured(report, target, express),
    );
  }
  const versusNest = SCENARIOS.flatMap((name) => {
    const r = ratio(results, name, express, nest('express'));
    return r === undefined ? [] : [{ name, r }];
  });
  if (versusNest.length > 0) {
    const worst = versusNest.reduce((a, b) => (b.r < a.r ? b : a));
    checks.push({
      target: 'Express: every scenario ≥ 75 % of the featureless Nest app (Express)',
      measured: `lowest ${worst.name} ${percent(worst.r)}`,
      met: versusNest.every((v) => v.r >= 0.75),
    });
  } else {
    checks.push(notMeasured(report, 'Express: every scenario ≥ 75 % of the featureless Nest app (Express)', express));
  }
  const getBookFastify = ratio(results, 'getBook', fastify, BARE);
  checks.push(
    getBookFastify === undefined
      ? notMeasured(report, 'Fastify: getBook ≥ 70 % of the bare baseline', fastify)
      : {
          target: 'Fastify: getBook ≥ 70 % of the bare baseline',
          measured: percent(getBookFastify),
          met: getBookFastify >= 0.7,
        },
  );
  const othersFastify = SCENARIOS.filter((n) => n !== 'getBook').flatMap((name) => {
    const r = ratio(results, name, fastify, BARE);
    return r === undefined ? [] : [{ name, r }];
  });
  if (othersFastify.length > 0) {
    const worst = othersFastify.reduce((a, b) => (b.r < a.r ? b : a));
    checks.push({
      target: 'Fastify: every other scenario ≥ 50 % of the bare baseline',
      measured: `lowest ${worst.name} ${percent(worst.r)}`,
      met: othersFastify.every((v) => v.r >= 0.5),
    });
  } else {
    checks.push(notMeasured(report, 'Fastify: every other scenario ≥ 50 % of the bare baseline', fastify));
  }
  for (const adapter of ['express', 'fastify'] as const) {
    const server = service(adapter);
    for (const [name, limit] of Object.entries(OPEN_LOOP_P99_MS)) {
      const target = `open loop at ${report.settings.openLoopRate}/s, ${adapter}: ${name} p99 ≤ ${limit} ms`;
      const m = find(report.openLoop, name, server);
      checks.push(
        m
          ? { target, measured: `p99 ${m.p99} ms`, met: m.p99 <= limit && clean(m) }
          : notMeasured(report, target, server),
      );
    }
  }
  for (const adapter of ['express', 'fastify'] as const) {
    const peak = report.peakRssMb[adapter];
    const target = `${adapter}: peak RSS ≤ 200 MB under load`;
    checks.push(
      peak === undefined
        ? notMeasured(report, target, service(adapter))
        : { target, measured: `${number(peak)} MB`, met: peak <= 200 },
    );
    const cold = report.coldStarts.find((c) => c.server === service(adapter));
    const coldTarget = `${adapter}: cold start to /ready ≤ 1 s (PostgreSQL)`;
    checks.push(
      cold
        ? { target: coldTarget, measured: `${(cold.ms / 1000).toFixed(2)} s (${cold.readyPath})`, met: cold.ms <= 1000 }
        : notMeasured(report, coldTarget, service(adapter)),
    );
  }
  if (report.observability.overheadPercent !== null) {
    checks.push({
      target: 'logging cost ≤ 10 % (Express, getBook)',
      measured: `${report.observability.overheadPercent.toFixed(1)} %`,
      met: report.observability.overheadPercent <= 10,
    });
  }
  const unclean = [...report.results, ...report.openLoop].filter((r) => !clean(r.measurement));
  checks.push({
    target: 'every run: zero non-2xx, zero errors',
    measured:
      unclean.length === 0
        ? 'none'
        : unclean
            .map((r) => `${r.server} ${r.name}: ${r.measurement.non2xx} non-2xx, ${r.measurement.errors} errors`)
            .join('; '),
    met: unclean.length === 0,
  });
  return checks;
}

/** Issue 15's targets for the embedded default. */
function embeddedTargets(report: Partial14): TargetCheck[] {
  const e = report.embedded;
  if (!e) return [{ target: 'embedded default (issue 15)', measured: 'not run (BENCH_EMBEDDED_BOOKS=0)', met: null }];
  const checks: TargetCheck[] = [
    {
      target: 'embedded: idle RSS ≤ 200 MB (process tree)',
      measured: `${number(e.idleRssMb)} MB`,
      met: e.idleRssMb <= 200,
    },
    {
      target: `embedded: peak RSS ≤ 300 MB under load (process tree, ${e.books.toLocaleString('en')} books)`,
      measured: `${number(e.peakRssMb)} MB`,
      met: e.peakRssMb <= 300,
    },
    {
      target: 'embedded: first start on an empty DATA_DIR to /ready ≤ 3 s',
      measured: `${(e.firstStartMs / 1000).toFixed(2)} s`,
      met: e.firstStartMs <= 3000,
    },
    {
      target: 'embedded: restart on an existing DATA_DIR to /ready ≤ 1.5 s',
      measured: `${(e.restartMs / 1000).toFixed(2)} s`,
      met: e.restartMs <= 1500,
    },
  ];
  for (const name of ['getBook', 'createBook']) {
    const r = ratio(report.results, name, EMBEDDED, service('express'));
    checks.push(
      r === undefined
        ? { target: `embedded: ${name} ≥ 50 % of the service on PostgreSQL`, measured: 'not measured', met: null }
        : { target: `embedded: ${name} ≥ 50 % of the service on PostgreSQL`, measured: percent(r), met: r >= 0.5 },
    );
  }
  return checks;
}

export function checkTargets(report: Partial14): TargetCheck[] {
  return [...pipelineTargets(report), ...embeddedTargets(report)];
}

/** The server a row of ours is compared with: the featureless Nest app on the same adapter. */
function nestOf(server: string): string | undefined {
  if (server === service('express')) return nest('express');
  if (server === service('fastify')) return nest('fastify');
  return undefined;
}

function resultRows(rows: readonly ScenarioResult[], all: readonly ScenarioResult[]): string[] {
  return rows.map(({ name, server, measurement: r }) => {
    const vsBare = server === BARE ? undefined : ratio(all, name, server, BARE);
    const nestServer = nestOf(server);
    const vsNest = nestServer ? ratio(all, name, server, nestServer) : undefined;
    const cells = [
      name,
      server,
      number(r.requestsPerSecond),
      number(cpuMsPerRequest(r), 2),
      r.p50,
      r.p99,
      r.max,
      r.non2xx,
      r.errors,
      number(r.cpuPercent),
      number(r.peakRssMb),
      vsBare === undefined ? '' : percent(vsBare),
      vsNest === undefined ? '' : percent(vsNest),
    ];
    return `| ${cells.join(' | ')} |`;
  });
}

export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const s = report.settings;
  const lines = [
    `Run of ${report.startedAt} (${report.minutes.toFixed(1)} min).`,
    '',
    `- Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}.`,
    `- Load average (1, 5, 15 min) at start ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(', ')}, ` +
      `at end ${m.loadAverageAtEnd.map((l) => l.toFixed(2)).join(', ')}.`,
    `- ${s.books.toLocaleString('en')} books on PostgreSQL (seeded in ${number(report.seed.postgres?.seconds ?? NaN, 1)} s), ` +
      `${s.embeddedBooks.toLocaleString('en')} on the embedded default; ${s.durationSeconds} s per scenario after ${s.warmupSeconds} s of warm-up, ` +
      `${s.connections} connections, pool ${s.poolSize}; open loop ${s.openLoopRate} req/s for ${s.openLoopSeconds} s; ` +
      (m.pinned ? `server on CPU ${s.serverCpu}, load generator on CPU ${s.loadCpu}` : 'no taskset: nothing pinned') +
      (s.serviceNodeFlags.length > 0
        ? `; servers run with \`node ${s.serviceNodeFlags.join(' ')}\` (the image's NODE_OPTIONS unless BENCH_SERVICE_NODE_FLAGS is set).`
        : '.'),
    '',
    'Closed loop (each connection sends its next request when the last one is answered). *vs bare*: our req/s over the ' +
      "bare baseline's; *vs Nest*: over the featureless Nest app's on the same adapter.",
    '',
    '| scenario | server | req/s | CPU ms/req | p50 ms | p99 ms | max ms | non-2xx | errors | server CPU % | peak RSS MB | vs bare | vs Nest |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...resultRows(report.results, report.results),
    '',
  ];
  if (report.openLoop.length > 0) {
    lines.push(
      `Open loop: ${s.openLoopRate} requests/s whatever the latency (autocannon \`overallRate\`, latencies corrected for ` +
        'coordinated omission).',
      '',
      '| scenario | server | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | server CPU % |',
      '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...report.openLoop.map(
        ({ name, server, measurement: r }) =>
          `| ${[name, server, number(r.requestsPerSecond), r.p50, r.p90, r.p99, r.max, r.non2xx, r.errors, number(r.cpuPercent)].join(' | ')} |`,
      ),
      '',
    );
  }
  for (const u of report.unavailable) lines.push(`- **${u.server}: not available** (${u.reason}).`);
  if (report.unavailable.length > 0) lines.push('');
  lines.push(`Observability cost: ${report.observability.note}`, '');
  lines.push(
    `Cold start (spawn → first 200 on the readiness path): ${report.coldStarts
      .map((c) => `${c.server} ${number(c.ms)} ms (${c.readyPath})`)
      .join('; ')}.`,
    '',
  );
  const peaks = Object.entries(report.peakRssMb).map(([adapter, mb]) => `${adapter} ${number(mb)} MB`);
  if (peaks.length > 0)
    lines.push(`Peak RSS of the service on PostgreSQL (VmHWM over its run): ${peaks.join(', ')}.`, '');
  if (report.embedded) {
    const e = report.embedded;
    lines.push(
      `Embedded default (${e.books.toLocaleString('en')} books, RSS summed over the service's process tree): first start ` +
        `${number(e.firstStartMs)} ms (peak ${number(e.firstStartPeakRssMb)} MB), restart ${number(e.restartMs)} ms, idle ` +
        `${number(e.idleRssMb)} MB, peak under load ${number(e.peakRssMb)} MB.`,
      '',
    );
  }
  if (report.logBytesPerRequest !== null) {
    lines.push(`Log volume at LOG_LEVEL=info: ${number(report.logBytesPerRequest)} bytes per request.`, '');
  }
  lines.push('| target | measured | met |', '|---|---|---|');
  for (const t of report.targets) {
    lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? 'n/a' : t.met ? 'yes' : '**no**'} |`);
  }
  return `${lines.join('\n')}\n`;
}

const BEGIN = '<!-- bench:results:begin -->';
const END = '<!-- bench:results:end -->';

/** Replaces the results block of docs/performance.md; false when the file or its markers are missing. */
export function updateDocs(path: string, markdown: string): boolean {
  if (!existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) return false;
  writeFileSync(path, `${text.slice(0, begin + BEGIN.length)}\n${markdown}${text.slice(end)}`);
  return true;
}
