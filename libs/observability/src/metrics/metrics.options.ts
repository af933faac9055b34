export interface MetricsOptions {
  /** Paths neither counted nor timed (probes and scrapes); the app's route table decides. */
  isUnmonitored?: (path: string) => boolean;
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
