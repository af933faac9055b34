export interface HealthOptions {
  /** After SIGTERM/SIGINT, keep serving this long (readiness failing) so load balancers stop routing here. */
  drainMs: number;
  /** Then wait at most this long for in-flight requests before closing their connections. */
  shutdownTimeoutMs: number;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
