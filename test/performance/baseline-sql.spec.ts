import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { seedPostgres } from '../../bench/bench-database';
import { CAPTURE_NODE_ARGS, CaptureFile, differences, runSamples, templatesFrom } from '../../bench/repository-sql';
import { RunningService, startService } from '../../bench/service-process';
import type { SqlTemplates } from '../../bench/sql-template';
import { API_KEY } from '../../bench/workload';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';

// The benchmark's baselines must send the very SQL the repository sends, or their ratios compare different work.
// The production build runs with the SQL capture preloaded and answers one request per scenario; each baseline
// then answers the same requests and what it sent must equal, statement by statement and value by value.

const ROOT = resolve(__dirname, '../..');
const MAIN_JS = join(ROOT, 'dist/apps/api/src/main.js');
const BOOKS = 200;

describePostgres('the baselines replay the repository SQL', () => {
  let testDb: TestDatabase;
  let dir: string;
  let capture: CaptureFile;
  let ids: string[];
  let templates: SqlTemplates;
  let serial = 0;
  const running: RunningService[] = [];

  async function start(name: string, script: string, env: Record<string, string>): Promise<RunningService> {
    const server = await startService({
      script,
      env: { DATABASE_URL: testDb.url, BENCH_SQL_CAPTURE_FILE: capture.path, ...env },
      nodeArgs: CAPTURE_NODE_ARGS,
      logFile: join(dir, `${name}.log`),
      cpu: `0-${os.cpus().length - 1}`,
      readyPaths: ['/ready'],
    });
    running.push(server);
    return server;
  }

  beforeAll(async () => {
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
    testDb = await createTestDatabase();
    dir = mkdtempSync(join(os.tmpdir(), 'baseline-sql-'));
    capture = new CaptureFile(join(dir, 'capture.jsonl'));
    ids = (await seedPostgres(testDb.url, BOOKS, () => undefined)).ids;
    const service = await start('service', MAIN_JS, { NODE_ENV: 'production', LOG_LEVEL: 'warn', API_KEYS: API_KEY });
    templates = templatesFrom(await runSamples(service.url, capture, ids[0], ++serial));
    // What was learnt from one sample predicts what the service sends for another.
    expect(differences(templates, await runSamples(service.url, capture, ids[0], ++serial))).toEqual([]);
    await service.stop();
  }, 120_000);

  afterAll(async () => {
    for (const server of running) await server.stop();
    await testDb?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('captures one statement per read and create, and the read then conditional UPDATE of an If-Match patch', () => {
    expect(Object.keys(templates).sort()).toEqual([
      'createBook',
      'getBook',
      'list -publishedYear years',
      'list createdAt',
      'list createdAt author',
      'list createdAt q',
      'list title',
      'list title cursor',
      'updateBook',
    ]);
    expect(templates.createBook[0].text).toMatch(/^insert into "books" .* returning /);
    expect(templates.updateBook.map((t) => t.text.split(' ')[0])).toEqual(['select', 'update']);
    expect(templates.updateBook[1].text).toMatch(/where \("books"\."id" = \$\d+ and "books"\."version" = \$\d+\)/);
  });

  it.each([
    ['bare node:http + pg', 'baseline-server.mts', {}],
    ['featureless Nest on Express', 'nest-baseline-server.mts', { BASELINE_ADAPTER: 'express' }],
    ['featureless Nest on Fastify', 'nest-baseline-server.mts', { BASELINE_ADAPTER: 'fastify' }],
  ])(
    '%s sends exactly that SQL for every scenario',
    async (name, script, env) => {
      const baseline = await start(name, join(ROOT, 'bench', script), {
        ...env,
        BASELINE_SQL: JSON.stringify(templates),
      });
      const samples = await runSamples(baseline.url, capture, ids[0], ++serial);
      await baseline.stop();
      expect(samples.map((s) => s.scenario).sort()).toEqual(Object.keys(templates).sort());
      expect(differences(templates, samples)).toEqual([]);
    },
    60_000,
  );

  it('would notice a baseline that sent other SQL', async () => {
    const [list] = templates['list createdAt'];
    const tampered: SqlTemplates = { ...templates, 'list createdAt': [{ ...list, text: `${list.text} -- other SQL` }] };
    const baseline = await start('tampered', join(ROOT, 'bench/baseline-server.mts'), {
      BASELINE_SQL: JSON.stringify(tampered),
    });
    const samples = await runSamples(baseline.url, capture, ids[0], ++serial);
    await baseline.stop();
    expect(differences(templates, samples)).toEqual([expect.stringMatching(/^list createdAt #1: SQL differs/)]);
  }, 60_000);
});
