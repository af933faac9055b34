import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLogger } from 'pino-http';
import { REQUEST_ID_KEY } from './http-logging';

export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/**
 * Logs the request's completion line and opens its logging context, so that every line logged while
 * serving it (services, repositories, Nest's Logger) carries request_id. Mounted before the body
 * parser, so requests it rejects are logged too.
 */
@Injectable()
export class HttpLoggingMiddleware implements NestMiddleware {
  constructor(
    @Inject(HTTP_LOGGER) private readonly httpLogger: HttpLogger,
    private readonly logger: PinoLogger,
  ) {}

  readonly use = (req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void => {
    this.httpLogger(req, res);
    this.logger.runInContext(next, { bindings: { [REQUEST_ID_KEY]: req.id } });
  };
}
