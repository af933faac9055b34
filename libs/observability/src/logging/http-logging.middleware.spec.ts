import type { PinoLogger } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLogger } from 'pino-http';
import { REQUEST_ID_KEY } from './http-logging';
import { HttpLoggingMiddleware } from './http-logging.middleware';

describe('HttpLoggingMiddleware', () => {
  const req = { id: 'req-42' } as IncomingMessage & { id?: unknown };
  const res = {} as ServerResponse;

  function middlewareWith() {
    const calls: string[] = [];
    const httpLogger = jest.fn(() => calls.push('completion line armed')) as unknown as HttpLogger;
    let bindings: unknown;
    const logger = {
      runInContext: (callback: () => void, options: { bindings: unknown }) => {
        calls.push('context opened');
        bindings = options.bindings;
        callback();
        calls.push('context closed');
      },
    } as unknown as PinoLogger;
    return { middleware: new HttpLoggingMiddleware(httpLogger, logger), httpLogger, calls, bindings: () => bindings };
  }

  it("arms pino-http's completion line for this request and response", () => {
    const { middleware, httpLogger } = middlewareWith();
    middleware.use(req, res, () => undefined);
    expect(httpLogger).toHaveBeenCalledWith(req, res);
  });

  it('runs the rest of the request inside a logging context bound to its request id', () => {
    const { middleware, calls, bindings } = middlewareWith();
    middleware.use(req, res, () => calls.push('next'));
    expect(calls).toEqual(['completion line armed', 'context opened', 'next', 'context closed']);
    expect(bindings()).toEqual({ [REQUEST_ID_KEY]: 'req-42' });
  });
});
