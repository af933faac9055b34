import type { RouteTemplateResolver } from '../http/route-template';

export interface MetricsOptions {
  /** Paths neither counted nor timed (probes and scrapes); the app's route table decides. */
  isUnmonitored?: (path: string) => boolean;
  /** The route a request matched, as the HTTP framework knows it: the metrics' and the log's `route`. */
  routeTemplateOf?: RouteTemplateResolver;
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');
