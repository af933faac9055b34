import { randomBytes } from 'node:crypto';
import { ServerProcess, startServer } from '../support/server-process';
import { APP_START_HOOK_TIMEOUT_MS, APP_START_TIMEOUT_MS } from '../support/start-timeouts';
import { logLinesOf, LogLine, waitForLogLines } from '../support/observability/log-lines';

// The production build, as the container runs it: its stdout is the log, one JSON object per line.

const READY_PATH = '/api/v1/books?limit=1';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const secret = (name: string) => `${name}-${randomBytes(12).toString('hex')}`;
const API_KEY = secret('api-key');

describe('request logs of the production build', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer(
      { DATABASE_URL: 'memory://', LOG_LEVEL: 'info', API_KEYS: API_KEY, SHUTDOWN_DRAIN_MS: '0' },
      { readyPath: READY_PATH, timeoutMs: APP_START_TIMEOUT_MS },
    );
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => server?.stop());

  const byRequest = (id: string) => (line: LogLine) => line.request_id === id;
  const completion = (line: LogLine) => line.msg === 'request completed' || line.msg === 'request failed';

  it('keeps a sane X-Request-ID, answers it, and tags the completion line and the service line with it', async () => {
    const res = await fetch(`${server.url}/api/v1/books`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Request-ID': 'abc-123', 'X-API-Key': API_KEY },
      body: JSON.stringify({ title: 'Logged', authors: ['Request Tracer'] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const { id } = (await res.json()) as { id: string };

    const lines = await waitForLogLines(server, byRequest('abc-123'), { count: 2 });
    expect(lines.find(completion)).toEqual({
      level: 'info',
      time: expect.stringMatching(ISO_TIME),
      pid: expect.any(Number),
      hostname: expect.any(String),
      request_id: 'abc-123',
      method: 'POST',
      route: '/api/v1/books',
      path: '/api/v1/books',
      status_code: 201,
      response_time_ms: expect.any(Number),
      msg: 'request completed',
    });
    // Written by BooksService through Nest's Logger, deep inside the request: the context follows it.
    expect(lines.find((line) => line.msg === 'Book created')).toMatchObject({
      level: 'info',
      context: 'BooksService',
      book_id: id,
      request_id: 'abc-123',
    });
    expect(lines.every((line) => !('trace_id' in line))).toBe(true); // tracing is off
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['bad characters', '<script>alert(1)</script>'],
    ['spaces', 'two words'],
  ])('replaces an X-Request-ID with %s by a fresh UUID, in the answer and the log', async (_what, sent) => {
    const res = await fetch(`${server.url}/api/v1/books?limit=1`, { headers: { 'X-Request-ID': sent } });
    expect(res.status).toBe(200);
    const answered = res.headers.get('x-request-id')!;
    expect(answered).toMatch(UUID_V4);
    const [line] = await waitForLogLines(server, byRequest(answered));
    expect(line).toMatchObject({ route: '/api/v1/books', status_code: 200 });
    expect(server.output()).not.toContain(sent);
  });

  it('gives every response an id, errors included: unknown paths, rejected bodies, unknown versions', async () => {
    const answers = await Promise.all([
      fetch(`${server.url}/nope`),
      fetch(`${server.url}/api/v2/books`),
      fetch(`${server.url}/api/v1/books`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
        body: '{"title": ',
      }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([404, 404, 400]);
    for (const res of answers) {
      const id = res.headers.get('x-request-id')!;
      expect(id).toMatch(UUID_V4);
      const [line] = await waitForLogLines(server, byRequest(id));
      // Unknown paths and bodies rejected before routing are logged under `unmatched`, not their path.
      expect(line).toMatchObject({ level: 'info', route: 'unmatched', status_code: res.status });
    }
  });

  it('never writes credentials: Authorization, X-API-Key and Cookie values are not in the output', async () => {
    const bearer = secret('bearer');
    const cookie = secret('cookie');
    for (const path of ['/api/v1/books?limit=1', '/nope', '/api/v1/books/not-a-uuid']) {
      const res = await fetch(`${server.url}${path}`, {
        headers: { Authorization: `Bearer ${bearer}`, 'X-API-Key': API_KEY, Cookie: `session=${cookie}` },
      });
      await waitForLogLines(server, byRequest(res.headers.get('x-request-id')!));
    }
    const output = server.output();
    for (const value of [bearer, cookie, API_KEY]) expect(output).not.toContain(value);
  });

  it('does not log the completion of probes and scrapes at info', async () => {
    const probeIds = ['/health', '/ready', '/metrics'].map((path) => ({
      path,
      id: `probe-${path.slice(1)}-${Date.now()}`,
    }));
    for (const { path, id } of probeIds) await fetch(`${server.url}${path}`, { headers: { 'X-Request-ID': id } });
    // A request after them: once its line is out, theirs would be too.
    const after = await fetch(`${server.url}/api/v1/books?limit=1`, { headers: { 'X-Request-ID': 'after-probes' } });
    expect(after.status).toBe(200);
    await waitForLogLines(server, byRequest('after-probes'));
    // (A readiness change they reveal may be logged, under their id: that is news, not a probe.)
    const probeCompletions = logLinesOf(server).filter(
      (line) => completion(line) && probeIds.some(({ id }) => line.request_id === id),
    );
    expect(probeCompletions).toEqual([]);
  });

  it("writes every line, Nest's start-up lines included, as JSON with an ISO time, a level word and a message", () => {
    const lines = logLinesOf(server);
    expect(lines.find((line) => line.msg === 'Nest application successfully started')).toMatchObject({
      level: 'info',
      context: 'NestApplication',
    });
    for (const line of lines) {
      expect(line).toEqual(
        expect.objectContaining({
          time: expect.stringMatching(ISO_TIME),
          level: expect.stringMatching(/^(trace|debug|info|warn|error|fatal)$/),
          msg: expect.any(String),
        }),
      );
    }
  });
});

describe('LOG_LEVEL', () => {
  it(
    'silent: the process writes nothing, not even its start-up lines',
    async () => {
      const server = await startServer(
        { DATABASE_URL: 'memory://', LOG_LEVEL: 'silent' },
        { readyPath: READY_PATH, timeoutMs: APP_START_TIMEOUT_MS },
      );
      try {
        await fetch(`${server.url}/nope`);
        await fetch(`${server.url}/api/v1/books?limit=1`);
      } finally {
        expect(await server.stop()).toBe(0);
      }
      expect(server.output()).toBe('');
    },
    APP_START_HOOK_TIMEOUT_MS,
  );
});
