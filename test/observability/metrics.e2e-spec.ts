import { Database } from '@app/database';
import type { INestApplication } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EXPORTED_METRICS, exportedMetricOf } from './exported-metrics';
import { dashboardQueries, loadDashboard } from './grafana-dashboard';
import { loadRules } from './prometheus-rules';
import { scrapedMetricNamesIn } from './promql-metrics';
import { startServer } from '../support/server-process';
import { APP_START_HOOK_TIMEOUT_MS, APP_START_TIMEOUT_MS } from '../support/start-timeouts';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { Exposition, parseExposition, samplesOf } from '../support/observability/prometheus-text';

const BOOK = { title: 'Counted', authors: ['Metric Reader'] };

describe('/metrics of the running app', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    app = await createTestApp();
    http = request(app.getHttpServer());
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app.close());

  const scrape = async (): Promise<Exposition> => {
    const res = await http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(res.text);
  };
  const requestCount = (exposition: Exposition, labels: Record<string, string>) =>
    samplesOf(exposition, 'http_requests_total', labels).reduce((sum, s) => sum + s.value, 0);

  it('is served at the root, outside /api, and counts by route template: 50 ids make one series per status', async () => {
    const existing = await http.post('/api/v1/books').send(BOOK).expect(201);
    const ids = Array.from({ length: 50 }, () => randomUUID());
    for (const id of ids) await http.get(`/api/v1/books/${id}`).expect(404);
    await http.get(`/api/v1/books/${existing.body.id}`).expect(200);
    await http.delete(`/api/v1/books/${existing.body.id}`).expect(204);

    const metrics = await scrape();
    const byId = samplesOf(metrics, 'http_requests_total', { route: '/api/v1/books/:id' });
    expect(byId.map((s) => [s.labels.method, s.labels.status_code, s.value]).sort()).toEqual([
      ['DELETE', '204', 1],
      ['GET', '200', 1],
      ['GET', '404', 50],
    ]);
    const text = metrics.samples.map((s) => JSON.stringify(s.labels)).join('\n');
    for (const id of [...ids, existing.body.id]) expect(text).not.toContain(id);
    // The histogram has the same series, with the brief's buckets.
    const buckets = samplesOf(metrics, 'http_request_duration_seconds_bucket', {
      route: '/api/v1/books/:id',
      method: 'GET',
      status_code: '404',
    });
    expect(buckets.map((s) => s.labels.le)).toEqual([
      '0.001',
      '0.0025',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '+Inf',
    ]);
    expect(buckets.at(-1)?.value).toBe(50);
  });

  it('labels every path that matches no route "unmatched", so clients cannot create series', async () => {
    const before = await scrape();
    const paths = ['/nope', `/random-${randomUUID()}`, '/api/v2/books', `/api/v1/${randomUUID()}`, '/favicon.ico'];
    for (const path of paths) await http.get(path).expect(404);

    const after = await scrape();
    expect(requestCount(after, { route: 'unmatched', method: 'GET', status_code: '404' })).toBe(
      requestCount(before, { route: 'unmatched', method: 'GET', status_code: '404' }) + paths.length,
    );
    const routes = new Set(samplesOf(after, 'http_requests_total').map((s) => s.labels.route));
    for (const path of paths) expect(routes).not.toContain(path);
  });

  it('counts requests rejected before the handler: by the body parser (unmatched) and by a guard (its route)', async () => {
    const before = await scrape();
    await http.post('/api/v1/books').set('Content-Type', 'application/json').send('{"title": ').expect(400);
    await http.post('/api/v1/books').set('Content-Type', 'text/plain').send('a book').expect(415);
    const after = await scrape();
    const delta = (labels: Record<string, string>) => requestCount(after, labels) - requestCount(before, labels);
    expect(delta({ method: 'POST', route: 'unmatched', status_code: '400' })).toBe(1);
    expect(delta({ method: 'POST', route: '/api/v1/books', status_code: '415' })).toBe(1);
  });

  it('does not count /metrics, /health and /ready', async () => {
    for (const path of ['/metrics', '/health', '/ready', '/metrics']) await http.get(path);
    const metrics = await scrape();
    const routes = samplesOf(metrics, 'http_requests_total').map((s) => s.labels.route);
    expect(routes.filter((route) => ['/metrics', '/health', '/ready'].includes(route))).toEqual([]);
    expect(samplesOf(metrics, 'http_requests_in_flight')).toEqual([expect.objectContaining({ value: 0 })]);
  });

  it('reads books_total from the database at scrape time, whoever changed the catalogue', async () => {
    const database = app.get(Database);
    await database.db.execute(sql`DELETE FROM books`);
    expect(samplesOf(await scrape(), 'books_total')).toEqual([expect.objectContaining({ value: 0 })]);
    for (let i = 0; i < 3; i++) await http.post('/api/v1/books').send(BOOK).expect(201);
    expect(samplesOf(await scrape(), 'books_total')[0].value).toBe(3);
    // Behind the app's back, as another replica or a migration job would.
    await database.db.execute(sql`DELETE FROM books WHERE id IN (SELECT id FROM books LIMIT 2)`);
    expect(samplesOf(await scrape(), 'books_total')[0].value).toBe(1);
  });

  it('times database queries by SQL operation and reports the pool', async () => {
    await http.post('/api/v1/books').send(BOOK).expect(201);
    await http.get('/api/v1/books').expect(200);
    const metrics = await scrape();
    const operations = samplesOf(metrics, 'db_query_duration_seconds_count').map((s) => s.labels.operation);
    expect(operations).toEqual(expect.arrayContaining(['select', 'insert', 'delete']));
    for (const operation of operations) expect(['select', 'insert', 'update', 'delete', 'other']).toContain(operation);
    expect(
      samplesOf(metrics, 'db_pool_connections')
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(['idle', 'total', 'waiting']);
  });

  it('exports every metric the alert rules and the dashboard read, with the labels they expect', async () => {
    // Some traffic first, so that labelled series exist.
    await http.get('/api/v1/books').expect(200);
    await http.get('/nope').expect(404);
    const metrics = await scrape();

    const rules = loadRules();
    const exprs = [...rules.records, ...rules.alerts].map((rule) => rule.expr);
    exprs.push(...dashboardQueries(loadDashboard()).map((query) => query.expr));
    const referenced = [
      ...scrapedMetricNamesIn(
        exprs,
        rules.records.map((rule) => rule.record),
      ),
    ]
      .map((name) => exportedMetricOf(name))
      .filter((metric) => metric !== undefined && metric.source === 'app');
    expect(referenced.length).toBeGreaterThan(5);

    const missing = [...new Set(referenced.map((metric) => metric!.name))].filter((name) => !metrics.types.has(name));
    expect(missing).toEqual([]);

    for (const metric of EXPORTED_METRICS.filter((m) => m.source === 'app')) {
      expect([metric.name, metrics.types.get(metric.name)]).toEqual([metric.name, metric.type]);
      const series = metrics.samples.filter((s) => s.name === metric.name || s.name === `${metric.name}_count`);
      for (const sample of series) {
        expect([metric.name, Object.keys(sample.labels).sort()]).toEqual([metric.name, [...metric.labels].sort()]);
      }
    }
  });
});

describePostgres('db_pool_connections on PostgreSQL', () => {
  let db: TestDatabase;
  let app: INestApplication;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp({ DATABASE_URL: db.url });
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("reads waiting 0 on an idle service: the scrape's own queries (books_total, health_status) do not count", async () => {
    const http = request(app.getHttpServer());
    await http.post('/api/v1/books').send(BOOK).expect(201);
    for (let scrape = 0; scrape < 5; scrape++) {
      // Past the readiness ping cache, so every scrape pings the database as well as counting books.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const metrics = parseExposition((await http.get('/metrics').expect(200)).text);
      expect(samplesOf(metrics, 'books_total')[0].value).toBeGreaterThanOrEqual(1);
      expect(samplesOf(metrics, 'db_pool_connections', { state: 'waiting' })).toEqual([
        expect.objectContaining({ value: 0 }),
      ]);
      expect(samplesOf(metrics, 'db_pool_connections', { state: 'total' })[0].value).toBeGreaterThanOrEqual(1);
    }
  });
});

describePostgres('books_total with two replicas on one PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase()));
  afterAll(() => db.drop());

  it(
    'is the catalogue size on every replica, whichever one added the books',
    async () => {
      const readyPath = '/api/v1/books?limit=1';
      const [a, b] = await Promise.all([
        startServer({ DATABASE_URL: db.url }, { readyPath, timeoutMs: APP_START_TIMEOUT_MS }),
        startServer({ DATABASE_URL: db.url }, { readyPath, timeoutMs: APP_START_TIMEOUT_MS }),
      ]);
      try {
        for (let i = 0; i < 4; i++) {
          const res = await fetch(`${a.url}/api/v1/books`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(BOOK),
          });
          expect(res.status).toBe(201);
        }
        const booksTotal = async (url: string) =>
          samplesOf(parseExposition(await (await fetch(`${url}/metrics`)).text()), 'books_total')[0]?.value;
        expect(await booksTotal(a.url)).toBe(4);
        expect(await booksTotal(b.url)).toBe(4);

        const pool = samplesOf(parseExposition(await (await fetch(`${b.url}/metrics`)).text()), 'db_pool_connections', {
          state: 'total',
        });
        expect(pool[0].value).toBeGreaterThanOrEqual(1);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    },
    APP_START_HOOK_TIMEOUT_MS + 60_000,
  );
});
