import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

export const RATE_LIMIT_STORE_ERRORS_TOTAL = 'rate_limit_store_errors_total';

/**
 * `rate_limit_store_errors_total`: rate-limit checks the shared store could not answer (each one was
 * served on the in-process counters instead), on the metrics module's registry.
 */
@Injectable()
export class RateLimitStoreErrorsMetric {
  private readonly counter: Counter;

  constructor(registry: Registry) {
    // Cumulative: several applications in one process (tests) count on the first one's counter.
    this.counter =
      (registry.getSingleMetric(RATE_LIMIT_STORE_ERRORS_TOTAL) as Counter | undefined) ??
      new Counter({
        name: RATE_LIMIT_STORE_ERRORS_TOTAL,
        help: 'Rate-limit checks the shared store (Redis) could not answer; served on in-process counters instead',
        registers: [registry],
      });
  }

  inc(): void {
    this.counter.inc();
  }
}
