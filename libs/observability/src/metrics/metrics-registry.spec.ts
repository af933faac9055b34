import { Registry } from 'prom-client';
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

  it('samples the event loop finely enough that an idle loop reads a few milliseconds, not the 10 ms default floor', async () => {
    const registry = new Registry();
    collectNodeMetrics(registry);
    await registry.metrics(); // resets the delay histogram
    await new Promise((resolve) => setTimeout(resolve, 300));
    const metrics = await registry.getMetricsAsJSON();
    const p50 = metrics.find((m) => m.name === 'nodejs_eventloop_lag_p50_seconds')!.values[0].value;
    // At prom-client's default 10 ms resolution every sample is >= ~9 ms, whatever the real lag.
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThan(0.005);
  });
});
