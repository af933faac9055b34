import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, LevelWithSilent } from 'pino';
import { pathOf, UNMATCHED_ROUTE } from '../http/route-template';
import { requestIdFrom } from '../request-id/request-id';
import { LazyRequestLogger } from './lazy-request-logger';

/** The fields of the one line logged when a request completes. */
export interface RequestCompletion {
  method: string;
  route: string;
  path: string;
  status_code: number;
  response_time_ms: number;
}

/** The injection token of the one HttpLogger. */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

/** Key names of the request logger: snake_case like the metric labels. */
export const REQUEST_ID_KEY = 'request_id';

/** What the request logger reads and sets on a request: its id (the request-id middleware's), its logger. */
export type LoggedRequest = IncomingMessage & { id?: unknown };

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

function completion(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  responseTimeMs: number,
): RequestCompletion {
  return {
    method: req.method ?? 'GET',
    route,
    path: pathOf(req),
    status_code: res.statusCode,
    response_time_ms: responseTimeMs,
  };
}

const NOTHING_QUIET = () => false;

/**
 * The request logger (opened and completed by HttpObservationMiddleware): one flat completion line per request, from the root logger (no child per request),
 * and `req.log`, a child made only if code logs inside the request. The error itself (and its stack) is
 * the exception filter's to log, once; the completion line only says the request failed.
 */
export class HttpLogger {
  constructor(
    private readonly logger: Logger,
    private readonly isQuiet: (path: string) => boolean = NOTHING_QUIET,
  ) {}

  /** Gives the request its logger; returns when it started, for `complete`. */
  open(req: LoggedRequest): number {
    // req.id is set by the request-id middleware; the fallback only serves a logger mounted alone.
    req.id ??= requestIdFrom(req.headers['x-request-id']);
    // Typed pino.Logger by pino-http's augmentation; nestjs-pino only calls its level methods and child().
    (req as { log?: unknown }).log = new LazyRequestLogger(this.logger, { [REQUEST_ID_KEY]: req.id });
    return Date.now();
  }

  /**
   * The completion line of a request opened at `startedMs`; `error` when the response itself failed.
   * `route`: the template of the route it matched (the metrics label it too); `unmatched` when not given.
   */
  complete(req: LoggedRequest, res: ServerResponse, startedMs: number, error?: unknown, route?: string): void {
    const level = completionLevel(req, res, this.isQuiet);
    if (level === 'silent' || !this.logger.isLevelEnabled(level)) return;
    const line = {
      [REQUEST_ID_KEY]: req.id,
      ...completion(req, res, route ?? UNMATCHED_ROUTE, Date.now() - startedMs),
    };
    const failed = error !== undefined || res.statusCode >= 500;
    this.logger[level](line, failed ? 'request failed' : 'request completed');
  }
}

export function createHttpLogger(logger: Logger, isQuiet?: (path: string) => boolean): HttpLogger {
  return new HttpLogger(logger, isQuiet);
}
