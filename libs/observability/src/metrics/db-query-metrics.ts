import { Injectable } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { histogramIn } from './metrics-registry';

/** Seconds: from an index lookup (sub-millisecond) to the 5 s query timeout. */
export const DB_QUERY_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** `db_query_duration_seconds{operation}`; the app feeds it from the database's query hook. */
@Injectable()
export class DbQueryMetrics {
  readonly duration: Histogram<'operation'>;

  constructor(registry: Registry) {
    this.duration = histogramIn(registry, {
      name: 'db_query_duration_seconds',
      help: 'Time per database query, in seconds, by SQL operation (select, insert, update, delete, other)',
      labelNames: ['operation'],
      buckets: DB_QUERY_DURATION_BUCKETS,
    });
  }

  observe(operation: string, durationSeconds: number): void {
    this.duration.observe({ operation }, durationSeconds);
  }
}
