import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { setImmediate as afterThisTurn } from 'node:timers/promises';
import { Gauge, Registry } from 'prom-client';

export type ReadinessCheck = 'database' | 'migrations' | 'shutdown';

export const HEALTH_STATUS_METRIC = 'health_status';

/** `health_status{check}`: 1 up, 0 down, on the metrics module's registry (the one /metrics serves). */
@Injectable()
export class HealthStatusMetric implements OnModuleDestroy {
  private gauge: Gauge<'check'> | undefined;

  constructor(private readonly registry: Registry) {}

  /** Registers the gauge; each scrape first runs `refresh`, so it never reports a stale state. */
  register(refresh: () => Promise<void>): void {
    // Several applications in one process (tests) share the first one's gauge.
    this.gauge =
      (this.registry.getSingleMetric(HEALTH_STATUS_METRIC) as Gauge<'check'> | undefined) ??
      new Gauge({
        name: HEALTH_STATUS_METRIC,
        help: 'Readiness checks of this instance: 1 up, 0 down',
        labelNames: ['check'],
        registers: [this.registry],
        // The refresh pings the database: after this turn, so db_pool_connections is sampled before it.
        collect: async () => {
          await afterThisTurn();
          await refresh();
        },
      });
  }

  set(check: ReadinessCheck, up: boolean): void {
    this.gauge?.set({ check }, up ? 1 : 0);
  }

  /** A closed application's gauge would report (and ping) a closed database: it leaves with it. */
  onModuleDestroy(): void {
    if (this.gauge && this.registry.getSingleMetric(HEALTH_STATUS_METRIC) === this.gauge) {
      this.registry.removeSingleMetric(HEALTH_STATUS_METRIC);
    }
  }
}
