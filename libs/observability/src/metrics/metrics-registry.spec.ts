import { Registry } from 'prom-client';
import { DbQueryMetrics } from './db-query-metrics';
import { collectNodeMetrics, counterIn } from './metrics-registry';

describe('the metrics registry helpers', () => {
  it('collects the Node.js defaults once per registry, under their standard names', async () => {
    const registry = new Registry();
    collectNodeMetrics(registry);
    expect(() => collectNodeMetrics(registry)).not.toThrow();
    const names = (await registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_heap_size_used_bytes',
        'nodejs_gc_duration_seconds',
      ]),
    );
  });

  it('hands back the existing metric rather than registering a second one', () => {
    const registry = new Registry();
    const first = counterIn(registry, { name: 'x_total', help: 'x' });
    expect(counterIn(registry, { name: 'x_total', help: 'x' })).toBe(first);
  });

  it('DbQueryMetrics observes durations by operation', async () => {
    const registry = new Registry();
    const metrics = new DbQueryMetrics(registry);
    metrics.observe('select', 0.002);
    metrics.observe('select', 0.004);
    metrics.observe('insert', 0.01);
    const text = await registry.metrics();
    expect(text).toContain('db_query_duration_seconds_count{operation="select"} 2');
    expect(text).toContain('db_query_duration_seconds_count{operation="insert"} 1');
    expect(text).toContain('db_query_duration_seconds_bucket{le="0.0025",operation="select"} 1');
  });
});
