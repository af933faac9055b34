import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Measurement } from './load';
import type { BenchSettings } from './settings';

// The benchmark's result: JSON for machines, a Markdown table for people, targets checked.

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
  /** Which process answered: the service on PostgreSQL, a variant of it, or the bare baseline. */
  server: string;
  measurement: Measurement;
}

export interface ColdStart {
  server: string;
  ms: number;
  readyPath: string;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export interface BenchReport {
  startedAt: string;
  minutes: number;
  machine: Machine;
  settings: Omit<BenchSettings, 'adminUrl'>;
  seed: { postgres?: { books: number; seconds: number }; pglite?: { books: number; seconds: number } };
  coldStarts: ColdStart[];
  results: ScenarioResult[];
  /** Our requests/s over the bare baseline's. */
  baselineRatios: Record<string, number>;
  observability: { variant: string; overheadPercent: number | null; note: string };
  /** VmHWM of the service on PostgreSQL over its whole run. */
  peakRssMb: number | null;
  logBytesPerRequest: number | null;
  targets: TargetCheck[];
}

export const SERVICE = 'service (PostgreSQL)';
export const BASELINE = 'bare node:http + pg';

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

export function find(report: Pick<BenchReport, 'results'>, name: string, server = SERVICE): Measurement | undefined {
  return report.results.find((r) => r.name === name && r.server === server)?.measurement;
}

const LISTINGS = ['listBooks', 'listBooks q', 'listBooks author', 'listBooks years -publishedYear', 'cursor 5 pages'];

/** The targets of issue 10, each with what was measured. Scenarios that did not run are left out. */
export function checkTargets(report: Omit<BenchReport, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const getBook = find(report, 'getBook');
  const ratio = report.baselineRatios.getBook;
  if (getBook && ratio !== undefined) {
    checks.push({ target: 'getBook ≥ 50 % of the bare baseline', measured: percent(ratio), met: ratio >= 0.5 });
  }
  if (getBook) {
    checks.push({
      target: 'getBook: zero non-2xx, p99 ≤ 25 ms',
      measured: `${getBook.non2xx} non-2xx, p99 ${getBook.p99} ms`,
      met: getBook.non2xx === 0 && getBook.errors === 0 && getBook.p99 <= 25,
    });
  }
  for (const name of LISTINGS) {
    const listing = find(report, name);
    if (listing) {
      checks.push({
        target: `${name}: p99 ≤ 50 ms`,
        measured: `p99 ${listing.p99} ms, ${listing.non2xx} non-2xx`,
        met: listing.p99 <= 50 && listing.non2xx === 0 && listing.errors === 0,
      });
    }
  }
  const create = find(report, 'createBook');
  if (create) {
    checks.push({
      target: 'createBook ≥ 2,000/s',
      measured: `${Math.round(create.requestsPerSecond)}/s`,
      met: create.requestsPerSecond >= 2000 && create.non2xx === 0,
    });
  }
  const mixed = find(report, 'mixed 90/10');
  if (mixed) {
    checks.push({
      target: 'mixed 90/10: zero errors',
      measured: `${mixed.errors} errors, ${mixed.non2xx} non-2xx`,
      met: mixed.errors === 0 && mixed.non2xx === 0,
    });
  }
  if (report.peakRssMb !== null) {
    checks.push({
      target: 'peak RSS ≤ 200 MB under load',
      measured: `${report.peakRssMb.toFixed(0)} MB`,
      met: report.peakRssMb <= 200,
    });
  }
  const cold = report.coldStarts.find((c) => c.server === SERVICE);
  if (cold) {
    checks.push({
      target: 'cold start to ready ≤ 2 s (PostgreSQL)',
      measured: `${(cold.ms / 1000).toFixed(2)} s (${cold.readyPath})`,
      met: cold.ms <= 2000,
    });
  }
  if (report.observability.overheadPercent !== null) {
    checks.push({
      target: 'logging + metrics + tracing-off cost ≤ 20 %',
      measured: `${report.observability.overheadPercent.toFixed(1)} %`,
      met: report.observability.overheadPercent <= 20,
    });
  }
  return checks;
}

/** Server CPU time per request: less sensitive to a busy machine than requests/s. */
export const cpuMsPerRequest = (m: Measurement) => (10 * m.cpuPercent) / m.requestsPerSecond;

const percent = (ratio: number) => `${(ratio * 100).toFixed(0)} %`;
const number = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

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
      `${s.pgliteBooks.toLocaleString('en')} on PGlite; ${s.durationSeconds} s per scenario after ${s.warmupSeconds} s of warm-up, ` +
      `${s.connections} connections, pool ${s.poolSize}; ` +
      (m.pinned ? `server on CPU ${s.serverCpu}, load generator on CPU ${s.loadCpu}` : 'no taskset: nothing pinned') +
      (s.serviceNodeFlags.length > 0
        ? `; servers run with \`node ${s.serviceNodeFlags.join(' ')}\` (the image's NODE_OPTIONS unless BENCH_SERVICE_NODE_FLAGS is set).`
        : '.'),
    '',
    '| scenario | server | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | errors | server CPU % | CPU ms/req | peak RSS MB |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...report.results
      .map(({ name, server, measurement: r }) =>
        [
          name,
          server,
          number(r.requestsPerSecond),
          r.p50,
          r.p90,
          r.p99,
          r.max,
          r.non2xx,
          r.errors,
          number(r.cpuPercent),
          number(cpuMsPerRequest(r), 2),
          number(r.peakRssMb),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
    '',
  ];
  const ratios = Object.entries(report.baselineRatios);
  if (ratios.length > 0) {
    lines.push(`Ours / bare baseline (requests/s): ${ratios.map(([k, v]) => `${k} ${percent(v)}`).join(', ')}.`, '');
  }
  lines.push(`Observability cost: ${report.observability.note}`, '');
  lines.push(
    `Cold start (spawn → first 200 on the readiness path): ${report.coldStarts
      .map((c) => `${c.server} ${number(c.ms)} ms (${c.readyPath})`)
      .join('; ')}.`,
    '',
  );
  if (report.logBytesPerRequest !== null) {
    lines.push(`Log volume at LOG_LEVEL=info: ${number(report.logBytesPerRequest)} bytes per request.`, '');
  }
  lines.push('| target | measured | met |', '|---|---|---|');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`);
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
