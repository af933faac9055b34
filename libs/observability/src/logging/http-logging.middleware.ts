import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { HttpLogger, LoggedRequest } from './http-logging';

export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/**
 * Logs the request's completion line and gives it `req.log`, which nestjs-pino's context middleware
 * binds to the request, so that every line logged while serving it (services, repositories, Nest's
 * Logger) carries request_id. Mounted before the body parser, so requests it rejects are logged too.
 */
@Injectable()
export class HttpLoggingMiddleware implements NestMiddleware {
  constructor(@Inject(HTTP_LOGGER) private readonly httpLogger: HttpLogger) {}

  readonly use = (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    this.httpLogger.observe(req, res);
    next();
  };
}
