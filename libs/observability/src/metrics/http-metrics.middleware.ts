import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf, routeTemplateOf } from '../http/route-template';
import { HttpMetrics } from './http-metrics';
import { METRICS_OPTIONS, MetricsOptions } from './metrics.options';

/** nginx's status for a request whose client went away before the response was complete. */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Counts every response exactly once, when it is finished (or the connection closes), with the route
 * Express matched by then. A middleware rather than an interceptor: mounted before the body parser,
 * it also sees the requests rejected before any handler (400, 413, 415) and the unknown paths.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    private readonly metrics: HttpMetrics,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  readonly use = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (this.options.isUnmonitored?.(pathOf(req))) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    this.metrics.inFlight.inc();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      this.metrics.inFlight.dec();
      this.metrics.record({
        method: req.method ?? 'GET',
        route: routeTemplateOf(req),
        statusCode: res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST,
        durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
      });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
