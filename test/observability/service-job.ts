import { metricSelectorsIn } from './promql-metrics';

/**
 * The scrape job of this service: prometheus.yml's job_name, and in Kubernetes the value of the
 * Service's app.kubernetes.io/name label, which the ServiceMonitor's jobLabel names.
 */
export const SERVICE_JOB = 'book-library-api';

const JOB_MATCHER = new RegExp(`(?:^|,)\\s*job\\s*=\\s*"${SERVICE_JOB}"\\s*(?:,|$)`);

export interface UnscopedSelector {
  where: string;
  selector: string;
}

/**
 * Selectors of scraped metrics (not recording rules, which inherit the job from their scoped
 * inputs) that lack an exact job="book-library-api" matcher: in a shared Prometheus they would read
 * every service exporting the same metric name.
 */
export function unscopedSelectorsIn(
  exprs: ReadonlyArray<{ where: string; expr: string }>,
  recordedNames: Iterable<string>,
): UnscopedSelector[] {
  const recorded = new Set(recordedNames);
  return exprs.flatMap(({ where, expr }) =>
    metricSelectorsIn(expr)
      .filter((selector) => !recorded.has(selector.name) && !JOB_MATCHER.test(selector.matchers))
      .map((selector) => ({ where, selector: `${selector.name}{${selector.matchers}}` })),
  );
}
