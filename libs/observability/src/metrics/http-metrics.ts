import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { counterIn, gaugeIn, histogramIn } from './metrics-registry';

/** Seconds; 0.25 is the latency SLO's threshold (observability/README.md). */
export const HTTP_DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export type HttpLabel = 'method' | 'route' | 'status_code';

export interface ServedRequest {
  method: string;
  /** The route template or `unmatched`, never the raw path. */
  route: string;
  statusCode: number;
  durationSeconds: number;
}

/** The RED metrics of the HTTP API. */
@Injectable()
export class HttpMetrics {
  readonly requests: Counter<HttpLabel>;
  readonly duration: Histogram<HttpLabel>;
  readonly inFlight: Gauge;

  constructor(registry: Registry) {
    const labelNames: HttpLabel[] = ['method', 'route', 'status_code'];
    this.requests = counterIn(registry, { name: 'http_requests_total', help: 'HTTP requests served', labelNames });
    this.duration = histogramIn(registry, {
      name: 'http_request_duration_seconds',
      help: 'Time to serve an HTTP request, in seconds',
      labelNames,
      buckets: HTTP_DURATION_BUCKETS,
    });
    this.inFlight = gaugeIn(registry, { name: 'http_requests_in_flight', help: 'HTTP requests being served' });
  }

  record({ method, route, statusCode, durationSeconds }: ServedRequest): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.requests.inc(labels);
    this.duration.observe(labels, durationSeconds);
  }
}
