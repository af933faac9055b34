import { isbn13From } from '@app/books';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { medianByThroughput, type Measurement } from '../../bench/load';
import {
  BARE,
  BenchReport,
  checkTargets,
  EMBEDDED,
  nest,
  renderMarkdown,
  service,
  updateDocs,
} from '../../bench/report';
import { differences, Sample, templatesFrom } from '../../bench/repository-sql';
import { imageNodeOptions, readSettings } from '../../bench/settings';
import { listShapeKey, pgArrayLiteral, templateOf, valuesOf } from '../../bench/sql-template';
import { processTree, readProcess, readTree } from '../../bench/process-sampler';
import { packageOf, summarise } from '../../bench/top-frames';
import { Workload } from '../../bench/workload';
import { catalogueBook, catalogueSlice, isbn13 } from '../../bench/catalogue';

// The benchmark's own logic, without load: what it sends, how it judges targets, how it reads profiles,
// and how it learns and checks the repository's SQL.

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

const EXPRESS = service('express');

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
    coldStarts: [{ server: EXPRESS, ms: 900, readyPath: '/ready' }],
    results: [
      { name: 'getBook', server: BARE, measurement: measurement({ requestsPerSecond: 6000 }) },
      { name: 'getBook', server: nest('express'), measurement: measurement({ requestsPerSecond: 5000 }) },
      // 0.225 CPU ms per request, 80 % of the Nest app.
      { name: 'getBook', server: EXPRESS, measurement: measurement() },
      { name: 'createBook', server: nest('express'), measurement: measurement({ requestsPerSecond: 2000 }) },
      // 0.6 CPU ms per request, 60 % of the Nest app.
      { name: 'createBook', server: EXPRESS, measurement: measurement({ requestsPerSecond: 1200, cpuPercent: 72 }) },
      { name: 'getBook', server: EMBEDDED, measurement: measurement({ requestsPerSecond: 1000 }) },
    ],
    openLoop: [{ name: 'getBook', server: EXPRESS, measurement: measurement({ requestsPerSecond: 1000, p99: 8 }) }],
    unavailable: [{ server: service('fastify'), reason: 'no HTTP_ADAPTER' }],
    observability: { variant: 'LOG_LEVEL=silent', overheadPercent: 12.5, note: 'logging costs 12.5 %' },
    peakRssMb: { express: 180 },
    embedded: {
      books: 5000,
      firstStartMs: 2500,
      firstStartPeakRssMb: 400,
      restartMs: 1600,
      idleRssMb: 150,
      peakRssMb: 320,
    },
    logBytesPerRequest: 300,
    ...overrides,
  };
}

describe('benchmark targets and report', () => {
  it('checks each target of issues 14 and 15 against what was measured', () => {
    const met = Object.fromEntries(checkTargets(report()).map((c) => [c.target, c.met]));
    expect(met).toMatchObject({
      'Express: getBook ≤ 0.26 CPU ms/request': true,
      'Express: createBook ≤ 0.55 CPU ms/request': false,
      'Express: listBooks ≤ 0.6 CPU ms/request': null,
      'Express: every scenario ≥ 75 % of the featureless Nest app (Express)': false,
      'Fastify: getBook ≥ 70 % of the bare baseline': null,
      'open loop at 1000/s, express: getBook p99 ≤ 10 ms': true,
      'open loop at 1000/s, express: createBook p99 ≤ 25 ms': null,
      'express: peak RSS ≤ 200 MB under load': true,
      'express: cold start to /ready ≤ 1 s (PostgreSQL)': true,
      'logging cost ≤ 10 % (Express, getBook)': false,
      'every run: zero non-2xx, zero errors': true,
      'embedded: idle RSS ≤ 200 MB (process tree)': true,
      'embedded: peak RSS ≤ 300 MB under load (process tree, 5,000 books)': false,
      'embedded: first start on an empty DATA_DIR to /ready ≤ 3 s': true,
      'embedded: restart on an existing DATA_DIR to /ready ≤ 1.5 s': false,
      'embedded: getBook ≥ 50 % of the service on PostgreSQL': false,
    });
  });

  it('says why a target was not measured, and fails any run with a non-2xx', () => {
    const checks = checkTargets(
      report({ results: [{ name: 'getBook', server: BARE, measurement: measurement({ non2xx: 1 }) }] }),
    );
    const fastify = checks.find((c) => c.target === 'Fastify: getBook ≥ 70 % of the bare baseline')!;
    expect(fastify).toEqual(expect.objectContaining({ met: null, measured: 'not measured: no HTTP_ADAPTER' }));
    expect(checks.find((c) => c.target === 'every run: zero non-2xx, zero errors')).toMatchObject({
      met: false,
      measured: 'bare node:http + pg getBook: 1 non-2xx, 0 errors',
    });
  });

  it('renders rows with CPU per request and both ratios, the unavailable servers, and every miss in bold', () => {
    const partial = report();
    const markdown = renderMarkdown({ ...partial, targets: checkTargets(partial) });
    expect(markdown).toContain(
      '| getBook | service (express) | 4000 | 0.23 | 5 | 20 | 40 | 0 | 0 | 90 | 120 | 67 % | 80 % |',
    );
    expect(markdown).toContain(
      '| getBook | bare node:http + pg | 6000 | 0.15 | 5 | 20 | 40 | 0 | 0 | 90 | 120 |  |  |',
    );
    expect(markdown).toContain('**service (fastify): not available** (no HTTP_ADAPTER)');
    expect(markdown).toContain('| logging cost ≤ 10 % (Express, getBook) | 12.5 % | **no** |');
    expect(markdown).toContain(
      '| Fastify: getBook ≥ 70 % of the bare baseline | not measured: no HTTP_ADAPTER | n/a |',
    );
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
    expect(readSettings({})).toMatchObject({
      books: 100_000,
      durationSeconds: 5,
      connections: 50,
      updateDocs: true,
      adapters: ['express', 'fastify'],
      openLoopRate: 1000,
      embeddedBooks: 5000,
    });
    expect(readSettings({ BENCH_DURATION: '2' })).toMatchObject({ durationSeconds: 2, updateDocs: false });
    expect(() => readSettings({ BENCH_BOOKS: '-5' })).toThrow(/BENCH_BOOKS/);
    expect(() => readSettings({ BENCH_BOOKS: '0' })).toThrow(/BENCH_BOOKS must be a whole number from 1/);
    expect(readSettings({ BENCH_PGLITE_BOOKS: '0' }).embeddedBooks).toBe(0); // the former name still works
    expect(readSettings({ BENCH_EMBEDDED_BOOKS: '0' }).embeddedBooks).toBe(0);
    expect(readSettings({ BENCH_ADAPTERS: 'express' }).adapters).toEqual(['express']);
    expect(() => readSettings({ BENCH_ADAPTERS: 'koa' })).toThrow(/BENCH_ADAPTERS/);
    expect(readSettings({ BENCH_BASELINES: '0' }).baselines).toBe(false);
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

describe('the repository SQL the baselines replay', () => {
  const insert = {
    text: 'insert into "books" ("id", "title", "authors", "created_at", "version") values ($1, $2, $3, $4, $5)',
    name: 'books_insert',
    rowMode: 'array',
    values: [
      '0b7f7c1e-9d7a-4c57-9a55-3f0c1e2d4b6a',
      'Sample 1 Title',
      '{"Ann Smith","Bo Li"}',
      '2026-12-06T05:25:27.258Z',
      1,
    ],
  };
  const roles = { title: 'Sample 1 Title', authors: ['Ann Smith', 'Bo Li'] };

  it('traces every parameter to a role, the clock, a new id or a constant, and fills in another request', () => {
    const template = templateOf(insert, roles);
    expect(template.params).toEqual([
      { generated: 'uuid' },
      { role: 'title', encoding: 'raw' },
      { role: 'authors', encoding: 'pgArray' },
      { generated: 'now' },
      { constant: 1 },
    ]);
    expect(valuesOf(template, { title: 'Other', authors: ['Zoë "Z" Ng'] }, { now: 'NOW', uuid: 'ID' })).toEqual([
      'ID',
      'Other',
      '{"Zoë \\"Z\\" Ng"}',
      'NOW',
      1,
    ]);
    expect(pgArrayLiteral(['a\\b', null])).toBe('{"a\\\\b",NULL}');
    expect(() => templateOf(insert, { ...roles, alsoTitle: 'Sample 1 Title' })).toThrow(/several roles/);
  });

  it('finds any difference between what a process sent and what the repository sends', () => {
    const sample: Sample = { scenario: 'createBook', roles, statements: [insert] };
    const templates = templatesFrom([sample]);
    expect(differences(templates, [sample])).toEqual([]);
    const other = { title: 'Another', authors: ['Cy'] };
    const replay = {
      ...insert,
      values: ['1b7f7c1e-9d7a-4c57-9a55-3f0c1e2d4b6a', 'Another', '{"Cy"}', '2027-01-01T00:00:00.000Z', 1],
    };
    expect(differences(templates, [{ scenario: 'createBook', roles: other, statements: [replay] }])).toEqual([]);

    const mutated = (change: Partial<typeof insert>) => [
      { scenario: 'createBook', roles: other, statements: [{ ...replay, ...change }] },
    ];
    expect(differences(templates, mutated({ text: insert.text.replace('$5', '1') }))[0]).toMatch(/SQL differs/);
    expect(differences(templates, mutated({ name: undefined }))).toEqual(['createBook #1: statement name differs']);
    expect(differences(templates, mutated({ rowMode: undefined }))).toEqual(['createBook #1: row mode differs']);
    expect(
      differences(templates, mutated({ values: [replay.values[0], 'Another', '{"Cy"}', 'yesterday', 1] })),
    ).toEqual(['createBook #1 $4: sent "yesterday", expected "(now)"']);
    expect(differences(templates, mutated({ values: [...replay.values.slice(0, 4), 2] }))).toEqual([
      'createBook #1 $5: sent 2, expected 1',
    ]);
    expect(differences(templates, [{ scenario: 'getBook', roles: {}, statements: [] }])).toEqual([
      'getBook: no captured SQL',
    ]);
  });

  it('keys a listing by its sort, filters and cursor, as the repository builds one statement per shape', () => {
    expect(listShapeKey(new URLSearchParams(''))).toBe('list createdAt');
    expect(listShapeKey(new URLSearchParams('q=x&author=y'))).toBe('list createdAt q author');
    expect(listShapeKey(new URLSearchParams('publishedYearTo=1990&sort=-publishedYear'))).toBe(
      'list -publishedYear years',
    );
    expect(listShapeKey(new URLSearchParams('sort=title&cursor=abc'))).toBe('list title cursor');
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

describe('process tree sampling', () => {
  it('finds every descendant of a process and sums their memory', async () => {
    // A shell with two children of its own, like a service with an embedded database child.
    const shell = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    try {
      let tree: number[] = [];
      for (let attempt = 0; attempt < 50 && tree.length < 3; attempt++) {
        await new Promise((r) => setTimeout(r, 20));
        tree = processTree(shell.pid!);
      }
      expect(tree[0]).toBe(shell.pid);
      expect(tree).toHaveLength(3);
      expect(processTree(process.pid)).toEqual(expect.arrayContaining(tree));
      const own = readProcess(shell.pid!)!;
      const whole = readTree(shell.pid!)!;
      const children = tree.slice(1).reduce((sum, pid) => sum + (readProcess(pid)?.rssBytes ?? 0), 0);
      expect(children).toBeGreaterThan(0);
      expect(whole.rssBytes).toBeGreaterThanOrEqual(own.rssBytes + children * 0.9);
    } finally {
      // Children first: once the shell is gone they are no longer its descendants.
      for (const pid of processTree(shell.pid!).slice(1)) process.kill(pid, 'SIGKILL');
      shell.kill('SIGKILL');
    }
  });
});
