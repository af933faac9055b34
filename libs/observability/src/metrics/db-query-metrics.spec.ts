import { Registry } from 'prom-client';
import { DbQueryMetrics } from './db-query-metrics';

describe('DbQueryMetrics', () => {
  it('observes durations by operation', async () => {
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
