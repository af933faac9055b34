import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { Database } from './database';

export const DB_POOL_CONNECTIONS_METRIC = 'db_pool_connections';

/**
 * `db_pool_connections{state}`: connections open (total), idle, and callers waiting for one. Sampled
 * synchronously when the scrape starts its collectors, before any scrape-time query (those wait a
 * turn) takes or queues for a connection: an idle service reads waiting 0.
 */
@Injectable()
export class DbPoolConnectionsMetric implements OnModuleDestroy {
  private readonly gauge: Gauge<'state'>;

  constructor(
    private readonly registry: Registry,
    @Inject(Database) database: Database,
  ) {
    // The newest app in the process (tests) serves it: an older one's pool may be closed.
    registry.removeSingleMetric(DB_POOL_CONNECTIONS_METRIC);
    this.gauge = new Gauge({
      name: DB_POOL_CONNECTIONS_METRIC,
      help: 'Database pool connections: total open, idle, and callers waiting for one',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const { total, idle, waiting } = database.poolStats();
        this.set({ state: 'total' }, total);
        this.set({ state: 'idle' }, idle);
        this.set({ state: 'waiting' }, waiting);
      },
    });
  }

  /** A closed app's gauge would read a closed pool: it leaves with it. */
  onModuleDestroy(): void {
    if (this.registry.getSingleMetric(DB_POOL_CONNECTIONS_METRIC) === this.gauge) {
      this.registry.removeSingleMetric(DB_POOL_CONNECTIONS_METRIC);
    }
  }
}
