import { Counter, register } from 'prom-client';

export const RATE_LIMIT_STORE_ERRORS_TOTAL = 'rate_limit_store_errors_total';

/**
 * Counts rate-limit checks the shared store could not answer (each one was served on the
 * in-process counters instead). In prom-client's default registry, once per process.
 */
export function rateLimitStoreErrors(): Counter {
  return (
    (register.getSingleMetric(RATE_LIMIT_STORE_ERRORS_TOTAL) as Counter | undefined) ??
    new Counter({
      name: RATE_LIMIT_STORE_ERRORS_TOTAL,
      help: 'Rate-limit checks the shared store (Redis) could not answer; served on in-process counters instead',
    })
  );
}
