/**
 * The metrics the Book Library API exports on /metrics (the brief's fixed list), plus `up`, which
 * Prometheus adds per target. Dashboards and alert rules may reference only these (and the recording
 * rules built on them); a live check that scrapes the running app compares /metrics with the `app` ones.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface ExportedMetric {
  name: string;
  type: MetricType;
  labels: readonly string[];
  /** `app`: on the service's /metrics; `prometheus`: synthesised by the scraper. */
  source: 'app' | 'prometheus';
}

export const EXPORTED_METRICS: readonly ExportedMetric[] = [
  { name: 'http_requests_total', type: 'counter', labels: ['method', 'route', 'status_code'], source: 'app' },
  {
    name: 'http_request_duration_seconds',
    type: 'histogram',
    labels: ['method', 'route', 'status_code'],
    source: 'app',
  },
  { name: 'http_requests_in_flight', type: 'gauge', labels: [], source: 'app' },
  { name: 'books_total', type: 'gauge', labels: [], source: 'app' },
  { name: 'db_pool_connections', type: 'gauge', labels: ['state'], source: 'app' },
  { name: 'db_query_duration_seconds', type: 'histogram', labels: ['operation'], source: 'app' },
  { name: 'health_status', type: 'gauge', labels: ['check'], source: 'app' },
  { name: 'rate_limit_store_errors_total', type: 'counter', labels: [], source: 'app' },
  // prom-client's default Node.js metrics that the dashboard uses.
  { name: 'process_cpu_seconds_total', type: 'counter', labels: [], source: 'app' },
  { name: 'process_resident_memory_bytes', type: 'gauge', labels: [], source: 'app' },
  { name: 'nodejs_eventloop_lag_p99_seconds', type: 'gauge', labels: [], source: 'app' },
  { name: 'nodejs_heap_size_used_bytes', type: 'gauge', labels: [], source: 'app' },
  { name: 'nodejs_gc_duration_seconds', type: 'histogram', labels: ['kind'], source: 'app' },
  { name: 'up', type: 'gauge', labels: [], source: 'prometheus' },
];

const HISTOGRAM_SERIES_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/**
 * The exported metric a series name belongs to: the metric itself, or the histogram whose
 * `_bucket`/`_sum`/`_count` series it is. Undefined when the app exports no such metric.
 */
export function exportedMetricOf(seriesName: string): ExportedMetric | undefined {
  const exact = EXPORTED_METRICS.find((metric) => metric.name === seriesName);
  if (exact) return exact;
  for (const suffix of HISTOGRAM_SERIES_SUFFIXES) {
    if (!seriesName.endsWith(suffix)) continue;
    const base = seriesName.slice(0, -suffix.length);
    const histogram = EXPORTED_METRICS.find((metric) => metric.name === base && metric.type === 'histogram');
    if (histogram) return histogram;
  }
  return undefined;
}
