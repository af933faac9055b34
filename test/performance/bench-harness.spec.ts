import { isbn13From } from '@app/books';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianByThroughput, type Measurement } from '../../bench/load';
import { BASELINE, BenchReport, checkTargets, renderMarkdown, SERVICE, updateDocs } from '../../bench/report';
import { imageNodeOptions, readSettings } from '../../bench/settings';
import { packageOf, summarise } from '../../bench/top-frames';
import { Workload } from '../../bench/workload';
import { catalogueBook, catalogueSlice, isbn13 } from './catalogue';

// The benchmark's own logic, without load: what it sends, how it judges targets, how it reads profiles.

const measurement = (overrides: Partial<Measurement> = {}): Measurement => ({
  requestsPerSecond: 4000,
  p50: 5,
  p90: 10,
  p99: 20,
  max: 40,
  requests: 40_000,
  non2xx: 0,
  errors: 0,
  statusCodes: { '200': 40_000 },
  cpuPercent: 90,
  peakRssMb: 120,
  ...overrides,
});

function report(overrides: Partial<Omit<BenchReport, 'targets'>> = {}): Omit<BenchReport, 'targets'> {
  return {
    startedAt: '2026-11-26T08:00:00.000Z',
    minutes: 6.5,
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGb: 8,
      node: 'v24.0.0',
      postgres: '15',
      os: 'Linux',
      pinned: true,
      loadAverageAtStart: [0.1, 0.2, 0.3],
      loadAverageAtEnd: [1, 1, 1],
    },
    settings: { ...readSettings({}), only: [] },
    seed: { postgres: { books: 100_000, seconds: 30 } },
    coldStarts: [{ server: SERVICE, ms: 1500, readyPath: '/ready' }],
    results: [
      { name: 'getBook', server: BASELINE, measurement: measurement({ requestsPerSecond: 6000 }) },
      { name: 'getBook', server: SERVICE, measurement: measurement() },
      { name: 'listBooks q', server: SERVICE, measurement: measurement({ p99: 75 }) },
      { name: 'createBook', server: SERVICE, measurement: measurement({ requestsPerSecond: 2500 }) },
      { name: 'mixed 90/10', server: SERVICE, measurement: measurement({ non2xx: 3 }) },
    ],
    baselineRatios: { getBook: 4000 / 6000 },
    observability: { variant: 'LOG_LEVEL=silent', overheadPercent: 12.5, note: 'logging costs 12.5 %' },
    peakRssMb: 180,
    logBytesPerRequest: 300,
    ...overrides,
  };
}

describe('benchmark targets and report', () => {
  it('checks each target of issue 10 against what was measured, leaving out scenarios not run', () => {
    const checks = checkTargets(report());
    const met = Object.fromEntries(checks.map((c) => [c.target, c.met]));
    expect(met).toEqual({
      'getBook ≥ 50 % of the bare baseline': true,
      'getBook: zero non-2xx, p99 ≤ 25 ms': true,
      'listBooks q: p99 ≤ 50 ms': false,
      'createBook ≥ 2,000/s': true,
      'mixed 90/10: zero errors': false,
      'peak RSS ≤ 200 MB under load': true,
      'cold start to ready ≤ 2 s (PostgreSQL)': true,
      'logging + metrics + tracing-off cost ≤ 20 %': true,
    });
  });

  it('fails getBook on any non-2xx or a slow p99, and the cold start past 2 s', () => {
    const checks = checkTargets(
      report({
        results: [{ name: 'getBook', server: SERVICE, measurement: measurement({ non2xx: 1 }) }],
        coldStarts: [{ server: SERVICE, ms: 2500, readyPath: '/api/v1/books?limit=1' }],
        baselineRatios: { getBook: 0.4 },
      }),
    );
    expect(checks.filter((c) => !c.met).map((c) => c.target)).toEqual([
      'getBook ≥ 50 % of the bare baseline',
      'getBook: zero non-2xx, p99 ≤ 25 ms',
      'cold start to ready ≤ 2 s (PostgreSQL)',
    ]);
  });

  it('renders one table row per scenario, the ratios, and every miss in bold', () => {
    const partial = report();
    const markdown = renderMarkdown({ ...partial, targets: checkTargets(partial) });
    expect(markdown).toContain('| getBook | bare node:http + pg | 6000 | 5 | 10 | 20 | 40 | 0 | 0 | 90 | 0.15 | 120 |');
    expect(markdown).toContain('getBook 67 %');
    expect(markdown).toContain('| listBooks q: p99 ≤ 50 ms | p99 75 ms, 0 non-2xx | **no** |');
    expect(markdown).toContain('2 CPUs (Test CPU)');
  });

  it('rewrites only the results block of the docs', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'bench-docs-')), 'performance.md');
    writeFileSync(path, '# Perf\n<!-- bench:results:begin -->\nold\n<!-- bench:results:end -->\nafter\n');
    expect(updateDocs(path, 'new table\n')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(
      '# Perf\n<!-- bench:results:begin -->\nnew table\n<!-- bench:results:end -->\nafter\n',
    );
    writeFileSync(path, '# no markers\n');
    expect(updateDocs(path, 'x')).toBe(false);
    expect(updateDocs(join(tmpdir(), 'missing-performance.md'), 'x')).toBe(false);
  });

  it('reads its knobs from the environment and refuses nonsense', () => {
    expect(readSettings({})).toMatchObject({ books: 100_000, durationSeconds: 10, connections: 50, updateDocs: true });
    expect(readSettings({ BENCH_DURATION: '2' })).toMatchObject({
      durationSeconds: 2,
      warmupSeconds: 2,
      updateDocs: false,
    });
    expect(() => readSettings({ BENCH_BOOKS: '-5' })).toThrow(/BENCH_BOOKS/);
    expect(() => readSettings({ BENCH_BOOKS: '0' })).toThrow(/BENCH_BOOKS must be a whole number from 1/);
    expect(readSettings({ BENCH_PGLITE_BOOKS: '0' }).pgliteBooks).toBe(0); // skips the PGlite run
  });

  it("runs the servers with the image's NODE_OPTIONS unless told otherwise", () => {
    const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
    const flags = imageNodeOptions(dockerfile);
    expect(flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/)]));
    expect(readSettings({}).serviceNodeFlags).toEqual(flags);
    expect(readSettings({ BENCH_SERVICE_NODE_FLAGS: '' }).serviceNodeFlags).toEqual([]);
    expect(readSettings({ BENCH_SERVICE_NODE_FLAGS: '--max-old-space-size=96' }).serviceNodeFlags).toEqual([
      '--max-old-space-size=96',
    ]);
    expect(imageNodeOptions('FROM x\nENV A=1 \\\n    NODE_OPTIONS="--a --b" \\\n')).toEqual(['--a', '--b']);
    expect(imageNodeOptions('FROM x\n')).toEqual([]);
  });
});

describe('benchmark workload', () => {
  const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];

  it('creates books with valid, never repeated ISBNs that no seeded book has', () => {
    const workload = new Workload(ids);
    const isbns = Array.from({ length: 500 }, () => JSON.parse(String(workload.createBook().body)).isbn as string);
    expect(new Set(isbns).size).toBe(500);
    expect(isbns.every((isbn) => isbn13From(isbn) === isbn && isbn.startsWith('979'))).toBe(true);
    expect(catalogueSlice(0, 500).every((b) => b.isbn === null || b.isbn.startsWith('978'))).toBe(true);
  });

  it('never updates one book from two connections at once, and sends the version last seen', () => {
    const workload = new Workload(ids);
    const [first, second] = [{}, {}] as Array<{ patching?: string }>;
    const a = workload.updateBook(first)!;
    const b = workload.updateBook(second)!;
    expect(a.path).not.toBe(b.path);
    expect(workload.updateBook({})).toBeNull(); // both books are in flight
    expect(a.headers!['if-match']).toBe('"1"');

    workload.afterResponse(200, first, { ETag: '"2"' });
    workload.afterResponse(412, second, {});
    const again = workload.updateBook({})!;
    expect(again.path).toBe(a.path); // the 412 book is retired: its version is unknown
    expect(again.headers!['if-match']).toBe('"2"');
    workload.endRun();
    expect(workload.updateBook({})).toBeNull();
  });
});

describe('catalogue', () => {
  it('is the same on every run, with unique valid ISBNs and some books lacking year or ISBN', () => {
    expect(catalogueBook(42)).toEqual(catalogueBook(42));
    const books = catalogueSlice(0, 2000);
    const isbns = books.flatMap((b) => (b.isbn ? [b.isbn] : []));
    expect(new Set(isbns).size).toBe(isbns.length);
    expect(isbns.every((isbn) => isbn13From(isbn) === isbn)).toBe(true);
    expect(isbns.length).toBeLessThan(2000);
    expect(books.some((b) => b.publishedYear === null)).toBe(true);
    expect(new Set(books.map((b) => b.language)).size).toBeGreaterThan(8);
    expect(isbn13('978', 44_117_271)).toBe('9780441172719');
  });
});

describe('CPU profile summary', () => {
  it('attributes self time to functions and packages', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const summary = summarise({
      startTime: 0,
      endTime: 4000,
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('handle', 'file:///app/node_modules/express/lib/application.js') },
        { id: 3, callFrame: frame('findById', 'file:///app/dist/libs/books/src/drizzle-books.repository.js') },
        { id: 4, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [2, 2, 3, 4],
      timeDeltas: [1000, 1000, 1000, 1000],
    });
    expect(summary.totalMs).toBe(4);
    expect(summary.packages.map((p) => [p.name, p.percent])).toEqual([
      ['express', 50],
      ['our code: libs/books', 25],
      ['(garbage collector)', 25],
    ]);
    expect(summary.functions[0]).toMatchObject({ name: 'handle', percent: 50 });
    expect(packageOf('file:///x/node_modules/@nestjs/core/router.js')).toBe('@nestjs/core');
    expect(packageOf('node:internal/http')).toBe('node (core)');
  });
});

describe('medianByThroughput', () => {
  const at = (requestsPerSecond: number) => ({ requestsPerSecond }) as Measurement;
  it('picks the run with the median requests/s, whatever the order', () => {
    expect(medianByThroughput([at(900), at(1500), at(1200)]).requestsPerSecond).toBe(1200);
    expect(medianByThroughput([at(3), at(1), at(4), at(2)]).requestsPerSecond).toBe(2);
    expect(medianByThroughput([at(7)]).requestsPerSecond).toBe(7);
    expect(() => medianByThroughput([])).toThrow('no measurements');
  });
});
