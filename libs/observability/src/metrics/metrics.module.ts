import { DynamicModule, Inject, Logger, Module, OnModuleDestroy, Provider } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Gauge, register, Registry } from 'prom-client';
import { DbQueryMetrics } from './db-query-metrics';
import { HttpMetrics } from './http-metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { collectNodeMetrics } from './metrics-registry';
import { DEFAULT_SCRAPE_TIMEOUT_MS, METRICS_OPTIONS, MetricsOptions, ScrapeGauge } from './metrics.options';
import { registerScrapeGauge } from './scrape-gauge';

const SCRAPE_GAUGES = Symbol('SCRAPE_GAUGES');

function scrapeGaugeProvider(definition: ScrapeGauge, timeoutMs: number, index: number): Provider {
  const logger = new Logger('Metrics');
  return {
    provide: `SCRAPE_GAUGE_${index}_${definition.name}`,
    inject: [Registry, ...(definition.inject ?? [])],
    useFactory: (registry: Registry, ...dependencies: never[]) =>
      registerScrapeGauge(registry, definition, definition.useFactory(...dependencies), timeoutMs, (error) =>
        logger.warn({ err: error }, `${definition.name} could not be read for this scrape`),
      ),
  };
}

/**
 * GET /metrics (Prometheus text format) through @willsoto/nestjs-prometheus, on prom-client's
 * registry (injectable as `Registry`, so other modules' willsoto providers land on the same page):
 * HTTP RED metrics, database query durations, gauges read at scrape time, Node.js defaults.
 */
@Module({})
export class MetricsModule implements OnModuleDestroy {
  constructor(
    private readonly registry: Registry,
    @Inject(SCRAPE_GAUGES) private readonly scrapeGauges: Gauge[],
  ) {}

  static forRoot(options: MetricsOptions = {}): DynamicModule {
    const timeoutMs = options.scrapeTimeoutMs ?? DEFAULT_SCRAPE_TIMEOUT_MS;
    const gaugeProviders = (options.scrapeGauges ?? []).map((g, i) => scrapeGaugeProvider(g, timeoutMs, i));
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
        ...(options.imports ?? []),
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
        HttpMetricsMiddleware,
        DbQueryMetrics,
        ...gaugeProviders,
        {
          provide: SCRAPE_GAUGES,
          inject: gaugeProviders.map((p) => (p as { provide: string }).provide),
          useFactory: (...gauges: Gauge[]) => gauges,
        },
      ],
      exports: [Registry, HttpMetrics, HttpMetricsMiddleware, DbQueryMetrics],
    };
  }

  /** A closed app's gauges would read closed services: they leave with it. */
  onModuleDestroy(): void {
    for (const gauge of this.scrapeGauges) {
      const name = (gauge as unknown as { name: string }).name;
      if (this.registry.getSingleMetric(name) === gauge) this.registry.removeSingleMetric(name);
    }
  }
}
