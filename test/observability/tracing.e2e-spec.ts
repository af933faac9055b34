import { randomBytes } from 'node:crypto';
import { ServerProcess, startServer } from '../support/server-process';
import { APP_START_HOOK_TIMEOUT_MS, APP_START_TIMEOUT_MS } from '../support/start-timeouts';
import { waitForLogLines } from '../support/observability/log-lines';
import {
  attributeOf,
  CollectorStub,
  OtlpSpan,
  SPAN_KIND_SERVER,
  startCollectorStub,
} from '../support/observability/otlp-collector-stub';

// The production build with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a local OTLP/HTTP stub.

const READY_PATH = '/api/v1/books?limit=1';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

async function waitForSpans(collector: CollectorStub, predicate: (span: OtlpSpan) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const spans = collector.spans.filter(predicate);
    if (spans.length > 0) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

describe('tracing (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  let collector: CollectorStub;
  let server: ServerProcess;

  beforeAll(async () => {
    collector = await startCollectorStub();
    server = await startServer(
      {
        DATABASE_URL: 'memory://',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'book-library-api-under-test',
        // Export within a fraction of a second instead of the default 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '100',
        SHUTDOWN_DRAIN_MS: '0',
      },
      { readyPath: READY_PATH, timeoutMs: APP_START_TIMEOUT_MS },
    );
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    await collector?.close();
  });

  it("continues the caller's W3C trace, and the request's log lines carry the same trace id", async () => {
    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');
    const res = await fetch(`${server.url}/api/v1/books/${MISSING_ID}`, {
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    expect(res.status).toBe(404);
    const requestId = res.headers.get('x-request-id')!;

    const [span] = await waitForSpans(collector, (s) => s.traceId === traceId && s.kind === SPAN_KIND_SERVER);
    expect(span).toMatchObject({
      traceId,
      parentSpanId,
      name: 'GET /api/v1/books/:id',
      scope: '@opentelemetry/instrumentation-http',
      serviceName: 'book-library-api-under-test',
    });
    expect(attributeOf(span, 'http.route')).toBe('/api/v1/books/:id');
    expect(attributeOf(span, 'request.id')).toBe(requestId);

    const [line] = await waitForLogLines(server, (l) => l.request_id === requestId);
    expect(line).toMatchObject({ trace_id: traceId, span_id: span.spanId, status_code: 404 });
  });

  it('starts a new trace without traceparent, and service lines join it', async () => {
    const res = await fetch(`${server.url}/api/v1/books`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Traced', authors: ['Span Maker'] }),
    });
    expect(res.status).toBe(201);
    const requestId = res.headers.get('x-request-id')!;
    const lines = await waitForLogLines(server, (l) => l.request_id === requestId, { count: 2 });
    const created = lines.find((l) => l.msg === 'Book created');
    const completed = lines.find((l) => l.msg === 'request completed');
    expect(created?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(completed?.trace_id).toBe(created?.trace_id);
    const spans = await waitForSpans(collector, (s) => s.traceId === created?.trace_id && s.kind === SPAN_KIND_SERVER);
    expect(spans.map((s) => attributeOf(s, 'request.id'))).toEqual([requestId]);
  });

  it('does not trace probes and scrapes', async () => {
    const traceId = randomBytes(16).toString('hex');
    for (const path of ['/metrics', '/health', '/ready']) {
      await fetch(`${server.url}${path}`, {
        headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
    }
    // Flushed with the next request's spans at the latest.
    const marker = randomBytes(16).toString('hex');
    await fetch(`${server.url}/nope`, {
      headers: { traceparent: `00-${marker}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(await waitForSpans(collector, (s) => s.traceId === marker)).not.toEqual([]);
    expect(collector.spans.filter((s) => s.traceId === traceId)).toEqual([]);
  });
});

describe('tracing shutdown', () => {
  it(
    'exports the spans still buffered when the process stops',
    async () => {
      const collector = await startCollectorStub();
      try {
        const server = await startServer(
          {
            DATABASE_URL: 'memory://',
            OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
            // Nothing is exported on schedule within this test: only the flush at shutdown can deliver it.
            OTEL_BSP_SCHEDULE_DELAY: '600000',
            SHUTDOWN_DRAIN_MS: '0',
          },
          { readyPath: READY_PATH, timeoutMs: APP_START_TIMEOUT_MS },
        );
        const traceId = randomBytes(16).toString('hex');
        await fetch(`${server.url}/api/v1/books?limit=1`, {
          headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
        });
        expect(collector.spans.filter((s) => s.traceId === traceId)).toEqual([]);
        expect(await server.stop('SIGTERM')).toBe(0);
        expect(collector.spans.filter((s) => s.traceId === traceId && s.kind === SPAN_KIND_SERVER)).toHaveLength(1);
      } finally {
        await collector.close();
      }
    },
    APP_START_HOOK_TIMEOUT_MS,
  );
});
