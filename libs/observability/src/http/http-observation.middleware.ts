import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { HTTP_LOGGER, HttpLogger, LoggedRequest } from '../logging/http-logging';
import { HttpMetrics } from '../metrics/http-metrics';
import { METRICS_OPTIONS, MetricsOptions } from '../metrics/metrics.options';
import { pathOf, routeTemplateOf } from './route-template';

/** nginx's status for a request whose client went away before the response was complete. */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * The request's log and RED metrics, from one listener per response: when it is finished (or the
 * connection closes, or the response fails) the route the framework matched is read once, the metrics record
 * it and the completion line is logged. Gives the request `req.log`, which nestjs-pino binds to its
 * context, so lines logged while serving it carry request_id. A middleware mounted before the body
 * parser: it also sees the requests refused before any handler (400, 413, 414, 415) and unknown paths.
 */
@Injectable()
export class HttpObservationMiddleware implements NestMiddleware {
  constructor(
    @Inject(HTTP_LOGGER) private readonly logger: HttpLogger,
    private readonly metrics: HttpMetrics,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  readonly use = (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    const startedMs = this.logger.open(req);
    // Probes and scrapes are neither counted nor timed.
    const started = this.options.isUnmonitored?.(pathOf(req)) ? undefined : process.hrtime.bigint();
    if (started !== undefined) this.metrics.inFlight.inc();
    let completed = false;
    const complete = (error?: unknown) => {
      if (completed) return;
      completed = true;
      const route = routeTemplateOf(req, this.options.routeTemplateOf);
      if (started !== undefined) {
        this.metrics.inFlight.dec();
        this.metrics.record({
          method: req.method ?? 'GET',
          route,
          statusCode: res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST,
          durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
        });
      }
      this.logger.complete(req, res, startedMs, error, route);
    };
    res.once('finish', complete);
    res.once('close', complete);
    res.once('error', complete);
    next();
  };
}
