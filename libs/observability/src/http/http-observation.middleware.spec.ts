import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MetricValueWithName, Registry } from 'prom-client';
import type { DestinationStream } from 'pino';
import { createHttpLogger } from '../logging/http-logging';
import { createRootLogger } from '../logging/root-logger';
import { HttpMetrics } from '../metrics/http-metrics';
import { CLIENT_CLOSED_REQUEST, HttpObservationMiddleware } from './http-observation.middleware';

/** What the app's route table says is a probe or a scrape. */
const QUIET = ['/metrics', '/health', '/ready'];

function setup() {
  const registry = new Registry();
  const metrics = new HttpMetrics(registry);
  const lines: Record<string, unknown>[] = [];
  const destination: DestinationStream = { write: (chunk: string) => void lines.push(JSON.parse(chunk)) };
  const root = createRootLogger({ level: 'info', format: 'json' }, destination);
  const logger = createHttpLogger(root, (path) => QUIET.includes(path));
  const middleware = new HttpObservationMiddleware(logger, metrics, {
    isUnmonitored: (path) => QUIET.includes(path),
    // As the HTTP framework would answer: here, a `route` the test puts on the request.
    routeTemplateOf: (req) => (req as { route?: { path: string } }).route?.path,
  });
  const send = (url: string, fields: Record<string, unknown> = {}) => {
    const req = { method: 'GET', url, headers: {}, id: 'r-1', ...fields } as unknown as IncomingMessage;
    const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: false });
    const next = jest.fn();
    middleware.use(req, res as unknown as ServerResponse, next);
    expect(next).toHaveBeenCalledTimes(1);
    return res;
  };
  const series = async (name: string) =>
    (await registry.getSingleMetric(name)!.get()).values as MetricValueWithName<string>[];
  return { send, series, registry, lines };
}

const finish = (res: EventEmitter & { statusCode: number; writableFinished: boolean }, status: number) => {
  res.statusCode = status;
  res.writableFinished = true;
  res.emit('finish');
  res.emit('close');
};

describe('HttpObservationMiddleware', () => {
  it('logs and counts a finished response once, from one listener per event, under the same route', async () => {
    const { send, series, lines } = setup();
    const res = send('/api/v1/books/1', { route: { path: '/api/v1/books/:id' } });
    expect([res.listenerCount('finish'), res.listenerCount('close'), res.listenerCount('error')]).toEqual([1, 1, 1]);
    finish(res, 200);
    res.emit('error', new Error('late'));
    expect(lines).toEqual([
      expect.objectContaining({
        request_id: 'r-1',
        route: '/api/v1/books/:id',
        status_code: 200,
        msg: 'request completed',
      }),
    ]);
    expect(await series('http_requests_total')).toEqual([
      { labels: { method: 'GET', route: '/api/v1/books/:id', status_code: '200' }, value: 1 },
    ]);
  });

  it('logs a probe (at debug, so not at info) without counting it', async () => {
    const { send, series, lines } = setup();
    finish(send('/health', { route: { path: '/health' } }), 200);
    expect(lines).toEqual([]);
    expect(await series('http_requests_total')).toEqual([]);
  });

  it('counts a finished response once, under its route template and status', async () => {
    const { send, series } = setup();
    finish(send('/api/v1/books/1', { route: { path: '/api/v1/books/:id' } }), 200);
    finish(send('/api/v1/books/2', { route: { path: '/api/v1/books/:id' } }), 200);
    finish(send('/api/v1/books/3', { route: { path: '/api/v1/books/:id' } }), 404);

    expect(await series('http_requests_total')).toEqual([
      { labels: { method: 'GET', route: '/api/v1/books/:id', status_code: '200' }, value: 2 },
      { labels: { method: 'GET', route: '/api/v1/books/:id', status_code: '404' }, value: 1 },
    ]);
    const counts = (await series('http_request_duration_seconds')).filter((s) => s.metricName?.endsWith('_count'));
    expect(counts.map((s) => s.value)).toEqual([2, 1]);
  });

  it('labels a request no route matched "unmatched"', async () => {
    const { send, series } = setup();
    finish(send('/nope'), 404);
    expect(await series('http_requests_total')).toEqual([
      { labels: { method: 'GET', route: 'unmatched', status_code: '404' }, value: 1 },
    ]);
  });

  it('counts a request whose client went away before the end as 499', async () => {
    const { send, series } = setup();
    const res = send('/api/v1/books', { route: { path: '/api/v1/books' } });
    res.emit('close');
    expect(await series('http_requests_total')).toEqual([
      { labels: { method: 'GET', route: '/api/v1/books', status_code: String(CLIENT_CLOSED_REQUEST) }, value: 1 },
    ]);
  });

  it('tracks requests in flight', async () => {
    const { send, series } = setup();
    const first = send('/a');
    const second = send('/b');
    expect((await series('http_requests_in_flight'))[0].value).toBe(2);
    finish(first, 200);
    expect((await series('http_requests_in_flight'))[0].value).toBe(1);
    finish(second, 200);
    expect((await series('http_requests_in_flight'))[0].value).toBe(0);
  });

  it('neither counts nor tracks the paths it is told are unmonitored, matched without the query', async () => {
    const { send, series } = setup();
    for (const url of ['/metrics', '/health', '/ready?full=1']) {
      const res = send(url, { route: { path: url.split('?')[0] } });
      expect((await series('http_requests_in_flight'))[0].value).toBe(0);
      finish(res, 200);
    }
    expect(await series('http_requests_total')).toEqual([]);
  });

  it("uses the brief's latency buckets", async () => {
    const { send, series } = setup();
    finish(send('/a'), 200);
    const les = (await series('http_request_duration_seconds'))
      .filter((s) => s.metricName?.endsWith('_bucket'))
      .map((s) => s.labels.le);
    expect(les).toEqual([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, '+Inf']);
  });
});
