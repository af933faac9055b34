import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';

/** A default metric: its presence means the Node.js defaults are already collected into a registry. */
const DEFAULT_METRICS_MARKER = 'process_cpu_seconds_total';

/**
 * Sampling interval of the event-loop delay histogram (nodejs_eventloop_lag_p50/p90/p99/...). Every
 * sample includes the interval itself, so prom-client's default of 10 ms never reads below ~10 ms;
 * 1 ms lets a healthy loop read 1-3 ms, for about 15 ms of CPU a second.
 */
export const EVENT_LOOP_MONITORING_PRECISION_MS = 1;

/**
 * Node.js default metrics (process_*, nodejs_*: CPU, memory, event-loop lag, GC) under their
 * standard names, collected once per registry: a second app in the same process reuses them.
 */
export function collectNodeMetrics(registry: Registry): void {
  if (registry.getSingleMetric(DEFAULT_METRICS_MARKER) === undefined)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
}

/**
 * The metric of that name if the registry has one, else a new one: several apps in one process
 * (tests) share the process-wide registry, as @willsoto/nestjs-prometheus' providers do.
 */
export function counterIn<L extends string>(registry: Registry, config: CounterConfiguration<L>): Counter<L> {
  return (
    (registry.getSingleMetric(config.name) as Counter<L> | undefined) ??
    new Counter({ ...config, registers: [registry] })
  );
}

export function gaugeIn<L extends string>(registry: Registry, config: GaugeConfiguration<L>): Gauge<L> {
  return (
    (registry.getSingleMetric(config.name) as Gauge<L> | undefined) ?? new Gauge({ ...config, registers: [registry] })
  );
}

export function histogramIn<L extends string>(registry: Registry, config: HistogramConfiguration<L>): Histogram<L> {
  return (
    (registry.getSingleMetric(config.name) as Histogram<L> | undefined) ??
    new Histogram({ ...config, registers: [registry] })
  );
}
