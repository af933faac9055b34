import { DynamicModule, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register, Registry } from 'prom-client';
import { DbQueryMetrics } from './db-query-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { collectNodeMetrics } from './metrics-registry';
import { METRICS_OPTIONS, MetricsOptions } from './metrics.options';

/**
 * GET /metrics (Prometheus text format) through @willsoto/nestjs-prometheus, on its registry
 * (prom-client's, injectable as `Registry`). Global: a module that owns a metric provides it as a
 * `<name>.metric.ts` class taking `Registry` (books_total in BooksModule, db_pool_connections in
 * DatabaseModule, health_status in HealthModule); this one holds HTTP RED metrics, database query
 * durations and the Node.js defaults.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions = {}): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      imports: [
        // Defaults off: collectNodeMetrics collects them once per process, however many apps start.
        PrometheusModule.register({
          path: '/metrics',
          controller: MetricsController,
          defaultMetrics: { enabled: false },
        }),
      ],
      providers: [
        {
          provide: Registry,
          useFactory: () => {
            collectNodeMetrics(register);
            return register;
          },
        },
        { provide: METRICS_OPTIONS, useValue: options },
        HttpMetrics,
        DbQueryMetrics,
      ],
      exports: [Registry, METRICS_OPTIONS, HttpMetrics, DbQueryMetrics],
    };
  }
}
