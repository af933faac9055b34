import { ArgumentsHost, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { PROBLEM_TYPE_BASE } from './problem';
import { KnownRoutes } from '../routing/known-routes';
import { ProblemDetailsFilter, ProblemReplier } from './problem.filter';

function fakeAdapter(headersSent = false) {
  const calls: unknown[][] = [];
  const http: ProblemReplier = {
    isHeadersSent: () => headersSent,
    setHeader: (_response, name, value) => calls.push(['setHeader', name, value]),
    reply: (_response, body, status) => calls.push(['reply', status, JSON.parse(body as string)]),
    end: () => calls.push(['end']),
  };
  return { http, calls };
}

function hostFor(url: string): ArgumentsHost {
  const request = { method: 'GET', originalUrl: url, url };
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}), getNext: () => undefined }),
  } as unknown as ArgumentsHost;
}

describe('ProblemDetailsFilter', () => {
  let logError: jest.SpyInstance;
  beforeEach(() => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logError.mockRestore());

  it('sends the rendered problem through the adapter: its headers, the problem media type, status and body', () => {
    const { http, calls } = fakeAdapter();
    new ProblemDetailsFilter(http).catch(new NotFoundException('Cannot GET /nope'), hostFor('/nope?x=1'));
    expect(calls).toEqual([
      ['setHeader', 'Content-Type', 'application/problem+json; charset=utf-8'],
      [
        'reply',
        404,
        {
          type: `${PROBLEM_TYPE_BASE}not-found`,
          title: 'Not Found',
          status: 404,
          detail: 'Cannot GET /nope',
          instance: '/nope',
        },
      ],
    ]);
    expect(logError).not.toHaveBeenCalled();
  });

  it('logs a 5xx once, with the error and the request', () => {
    const error = new Error('boom');
    new ProblemDetailsFilter(fakeAdapter().http).catch(error, hostFor('/api/v1/books/42?q=1'));
    expect(logError).toHaveBeenCalledWith({ err: error }, 'Unhandled error answering GET /api/v1/books/42');
  });

  it('only ends a response whose headers were already sent, but still logs a 5xx', () => {
    const { http, calls } = fakeAdapter(true);
    new ProblemDetailsFilter(http).catch(new Error('mid-stream'), hostFor('/x'));
    expect(calls).toEqual([['end']]);
    expect(logError).toHaveBeenCalledTimes(1);
  });

  it('drops, with a warning and no error, a late answer to a request already answered (its deadline)', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { http, calls } = fakeAdapter(true);
    const late = Object.assign(new Error('Cannot set headers after they are sent to the client'), {
      code: 'ERR_HTTP_HEADERS_SENT',
    });
    new ProblemDetailsFilter(http).catch(late, hostFor('/api/v1/books?q=slow'));
    expect(calls).toEqual([]);
    expect(logError).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('A late answer to GET /api/v1/books was dropped: it was already answered');
    warn.mockRestore();
  });

  it('renders an error as its translation gives it, and logs the error as raised', () => {
    const driverError = new Error('Connection terminated unexpectedly');
    const { http, calls } = fakeAdapter();
    new ProblemDetailsFilter(http, undefined, (e) =>
      e === driverError ? new ServiceUnavailableException('no database') : e,
    ).catch(driverError, hostFor('/api/v1/books'));
    expect(calls.at(-1)).toEqual(['reply', 503, expect.objectContaining({ status: 503, detail: 'no database' })]);
    expect(logError).toHaveBeenCalledWith({ err: driverError }, 'Unhandled error answering GET /api/v1/books');
  });

  it('answers a known path’s other method with 405 and Allow when it knows the routes', () => {
    const routes = new KnownRoutes();
    routes.learn([{ path: '/api/v1/books', methods: ['get', 'post'] }]);
    const { http, calls } = fakeAdapter();
    const host = hostFor('/api/v1/books');
    (host.switchToHttp().getRequest() as { method: string }).method = 'DELETE';
    new ProblemDetailsFilter(http, routes).catch(new NotFoundException('Cannot DELETE /api/v1/books'), host);
    expect(calls[0]).toEqual(['setHeader', 'Allow', 'GET, HEAD, POST']);
    expect(calls[2]).toEqual([
      'reply',
      405,
      expect.objectContaining({ type: `${PROBLEM_TYPE_BASE}method-not-allowed` }),
    ]);
  });
});
