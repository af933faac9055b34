import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { HttpLoggingMiddleware } from './logging/http-logging.middleware';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { requestIdMiddleware } from './request-id/request-id.middleware';

/**
 * Makes pino Nest's logger (start-up lines included) and mounts, in this order, the request id, the
 * request logger and the request metrics. Call it before any other middleware, the body parser
 * included, so that every response carries X-Request-ID and is logged and counted.
 * Needs LoggingModule and MetricsModule in the app.
 */
export function useObservability(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  app.use(app.get(HttpLoggingMiddleware).use);
  app.use(app.get(HttpMetricsMiddleware).use);
}
