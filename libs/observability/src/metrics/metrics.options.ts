export interface MetricsOptions {
  /** Requests neither counted nor timed; defaults to /health, /ready, /metrics. */
  unmonitoredPaths?: readonly string[];
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
