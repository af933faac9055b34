import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, LevelWithSilent } from 'pino';
import { Options, pinoHttp, HttpLogger } from 'pino-http';
import { pathOf, routeTemplateOf } from '../http/route-template';
import { requestIdFrom } from '../request-id/request-id';

/** The fields of the one line logged when a request completes. */
export interface RequestCompletion {
  method: string;
  route: string;
  path: string;
  status_code: number;
  response_time_ms: number;
}

/** Key names of the request logger: snake_case like the metric labels. */
export const REQUEST_ID_KEY = 'request_id';
const RESPONSE_TIME_KEY = 'response_time_ms';

/**
 * Level of the completion line: info; debug for probes and scrapes; warn for 5xx, whose error was
 * already logged once, at error with its stack, by the exception filter.
 */
export function completionLevel(
  req: IncomingMessage,
  res: ServerResponse,
  isQuiet: (path: string) => boolean,
): LevelWithSilent {
  if (isQuiet(pathOf(req))) return 'debug';
  return res.statusCode >= 500 ? 'warn' : 'info';
}

function completion(req: IncomingMessage, res: ServerResponse, responseTimeMs: unknown): RequestCompletion {
  return {
    method: req.method ?? 'GET',
    route: routeTemplateOf(req),
    path: pathOf(req),
    status_code: res.statusCode,
    response_time_ms: Number(responseTimeMs),
  };
}

/** pino-http, shaped for this service: quiet request logger, one flat completion line, no error stack. */
const NOTHING_QUIET = () => false;

export function httpLoggingOptions(logger: Logger, isQuiet: (path: string) => boolean = NOTHING_QUIET): Options {
  return {
    logger,
    // req.id is set by the request-id middleware; the fallback only serves a logger mounted alone.
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    customAttributeKeys: { reqId: REQUEST_ID_KEY, responseTime: RESPONSE_TIME_KEY },
    // Lines logged while serving the request carry request_id, not the whole request.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (req, res) => completionLevel(req, res, isQuiet),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value) =>
      completion(req, res, (value as Record<string, unknown>)[RESPONSE_TIME_KEY]),
    // The error itself (and its stack) is the exception filter's to log, once.
    customErrorObject: (req, res, _error, value) =>
      completion(req, res, (value as Record<string, unknown>)[RESPONSE_TIME_KEY]),
  };
}

export function createHttpLogger(logger: Logger, isQuiet?: (path: string) => boolean): HttpLogger {
  return pinoHttp(httpLoggingOptions(logger, isQuiet));
}
