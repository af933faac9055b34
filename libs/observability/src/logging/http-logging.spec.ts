import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { createHttpLogger } from './http-logging';
import type { LoggingOptions } from './logging.options';
import { createRootLogger } from './root-logger';

type Line = Record<string, unknown>;

function capture(options: Partial<LoggingOptions> = {}) {
  const lines: Line[] = [];
  const destination: DestinationStream = { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Line) };
  const root = createRootLogger({ level: 'info', format: 'json', ...options }, destination);
  const logger = createHttpLogger(root, options.isQuiet);
  // How HttpObservationMiddleware drives it: opened on arrival, completed on the first end event with the
  // route the framework matched (here one the test puts on the request).
  const observe = (req: IncomingMessage, res: ServerResponse & EventEmitter) => {
    const started = logger.open(req);
    let done = false;
    const complete = (error?: unknown) => {
      if (!done) logger.complete(req, res, started, error, (req as { route?: string }).route);
      done = true;
    };
    for (const event of ['finish', 'close', 'error']) res.once(event, complete);
  };
  return { lines, root, httpLogger: { observe } };
}

function exchange(url: string, fields: Record<string, unknown> = {}) {
  const req = Object.assign(new EventEmitter(), { method: 'GET', url, headers: {}, id: 'abc-123', ...fields });
  const res = Object.assign(new EventEmitter(), { statusCode: 200, writableFinished: true });
  return { req: req as unknown as IncomingMessage, res: res as unknown as ServerResponse & EventEmitter };
}

describe('the request logger', () => {
  it('logs one flat completion line per request with the route template and the request id', () => {
    const { lines, httpLogger } = capture();
    const { req, res } = exchange('/api/v1/books/42?x=1', { route: '/api/v1/books/:id' });
    httpLogger.observe(req, res);
    res.statusCode = 404;
    res.emit('finish');
    res.emit('close');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pid: process.pid,
      hostname: expect.any(String),
      request_id: 'abc-123',
      method: 'GET',
      route: '/api/v1/books/:id',
      path: '/api/v1/books/42',
      status_code: 404,
      response_time_ms: expect.any(Number),
      msg: 'request completed',
    });
  });

  it('logs lines written while serving the request with its id, not the whole request', () => {
    const { lines, httpLogger } = capture();
    const { req, res } = exchange('/api/v1/books');
    httpLogger.observe(req, res);
    (req as unknown as { log: { info: (o: object, m: string) => void } }).log.info({ book_id: 'b1' }, 'Book created');
    expect(lines).toEqual([expect.objectContaining({ request_id: 'abc-123', book_id: 'b1', msg: 'Book created' })]);
    expect(lines[0]).not.toHaveProperty('req');
  });

  it('logs a 5xx completion at warn without an error or stack: the exception filter logs those, once', () => {
    const { lines, httpLogger } = capture();
    const { req, res } = exchange('/api/v1/books');
    httpLogger.observe(req, res);
    res.statusCode = 503;
    res.emit('finish');
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', status_code: 503, msg: 'request failed' })]);
    expect(lines[0]).not.toHaveProperty('err');
    expect(JSON.stringify(lines[0])).not.toMatch(/stack|\bat /);
  });

  it('logs probes and scrapes at debug, so not at the default info', () => {
    const isQuiet = (path: string) => ['/health', '/ready'].includes(path);
    const quiet = capture({ isQuiet });
    const { req, res } = exchange('/health');
    quiet.httpLogger.observe(req, res);
    res.emit('finish');
    expect(quiet.lines).toEqual([]);

    const verbose = capture({ level: 'debug', isQuiet });
    const probe = exchange('/ready');
    verbose.httpLogger.observe(probe.req, probe.res);
    probe.res.emit('finish');
    expect(verbose.lines).toEqual([expect.objectContaining({ level: 'debug', route: 'unmatched', path: '/ready' })]);
  });

  it('logs the completion from the root logger: no child logger for a request whose code logs nothing', () => {
    const { lines, root, httpLogger } = capture();
    const child = jest.spyOn(root, 'child');
    const { req, res } = exchange('/api/v1/books/42');
    httpLogger.observe(req, res);
    res.emit('finish');
    res.emit('close');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([expect.objectContaining({ request_id: 'abc-123', msg: 'request completed' })]);
  });

  it('logs a response that failed with an error once, as failed, at its status level', () => {
    const { lines, httpLogger } = capture();
    const { req, res } = exchange('/api/v1/books');
    httpLogger.observe(req, res);
    res.emit('error', new Error('socket gone'));
    res.emit('close');
    expect(lines).toEqual([expect.objectContaining({ level: 'info', status_code: 200, msg: 'request failed' })]);
    expect(lines[0]).not.toHaveProperty('err');
  });

  it('generates a request id when none was set before it', () => {
    const { lines, httpLogger } = capture();
    const { req, res } = exchange('/api/v1/books', { id: undefined, headers: { 'x-request-id': 'from-client' } });
    httpLogger.observe(req, res);
    res.emit('finish');
    expect(lines[0]).toMatchObject({ request_id: 'from-client' });
  });
});

describe('the root logger', () => {
  it('redacts credentials in any headers it is given', () => {
    const { lines, root } = capture();
    const secrets = { authorization: 'Bearer s3cret-token', cookie: 'sid=s3cret-cookie', 'x-api-key': 's3cret-key' };
    root.info({ req: { headers: { ...secrets, accept: 'application/json' } }, headers: secrets }, 'with headers');
    root.info({ res: { headers: { 'set-cookie': 'sid=s3cret-set-cookie' } } }, 'response headers');
    root.error({ err: { config: { headers: { authorization: 'Bearer s3cret-outbound' } } } }, 'client error');

    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/s3cret/);
    expect(lines[0]).toMatchObject({
      req: {
        headers: {
          authorization: '[Redacted]',
          cookie: '[Redacted]',
          'x-api-key': '[Redacted]',
          accept: 'application/json',
        },
      },
      headers: { authorization: '[Redacted]' },
    });
    expect(lines[1]).toMatchObject({ res: { headers: { 'set-cookie': '[Redacted]' } } });
    expect(lines[2]).toMatchObject({ err: { config: { headers: { authorization: '[Redacted]' } } } });
  });

  it('writes nothing at all when silent', () => {
    const { lines, root, httpLogger } = capture({ level: 'silent' });
    root.error('even errors');
    const { req, res } = exchange('/api/v1/books');
    httpLogger.observe(req, res);
    res.statusCode = 500;
    res.emit('finish');
    expect(lines).toEqual([]);
  });
});
