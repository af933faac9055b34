import { Gauge, Registry } from 'prom-client';
import { ScrapeTimeoutError } from '../errors/scrape-timeout.error';
import { registerScrapeGauge, unregisterMetric } from './scrape-gauge';

async function scrape(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)!.get()).values.map((v) => [v.labels, v.value]);
}

describe('registerScrapeGauge', () => {
  it('reads the value at every scrape', async () => {
    const registry = new Registry();
    let books = 3;
    registerScrapeGauge(registry, { name: 'books_total', help: 'h' }, async () => books, 1000, jest.fn());
    expect(await scrape(registry, 'books_total')).toEqual([[{}, 3]]);
    books = 5;
    expect(await scrape(registry, 'books_total')).toEqual([[{}, 5]]);
    expect(await registry.metrics()).toContain('books_total 5');
  });

  it('turns a record into one series per label value', async () => {
    const registry = new Registry();
    registerScrapeGauge(
      registry,
      { name: 'db_pool_connections', help: 'h', labelName: 'state' },
      () => ({ total: 4, idle: 1, waiting: 0 }),
      1000,
      jest.fn(),
    );
    expect(await scrape(registry, 'db_pool_connections')).toEqual([
      [{ state: 'total' }, 4],
      [{ state: 'idle' }, 1],
      [{ state: 'waiting' }, 0],
    ]);
  });

  it('reports NaN, not a stale or zero value, when the source fails; the scrape still succeeds', async () => {
    const registry = new Registry();
    const onError = jest.fn();
    let fail = false;
    registerScrapeGauge(
      registry,
      { name: 'books_total', help: 'h' },
      async () => {
        if (fail) throw new Error('database down');
        return 7;
      },
      1000,
      onError,
    );
    expect(await scrape(registry, 'books_total')).toEqual([[{}, 7]]);
    fail = true;
    expect(await scrape(registry, 'books_total')).toEqual([[{}, NaN]]);
    // prom-client writes "Nan"; Prometheus parses NaN in any case.
    expect(await registry.metrics()).toMatch(/^books_total nan$/im);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'database down' }));
  });

  it('gives up on a source slower than the timeout, so a hung database cannot hang /metrics', async () => {
    const registry = new Registry();
    const onError = jest.fn();
    registerScrapeGauge(
      registry,
      { name: 'db_pool_connections', help: 'h', labelName: 'state' },
      () => new Promise<number>(() => undefined),
      50,
      onError,
    );
    const started = Date.now();
    expect(await scrape(registry, 'db_pool_connections')).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(onError).toHaveBeenCalledWith(expect.any(ScrapeTimeoutError));
  });

  it('replaces a gauge of the same name (a second app in the process)', async () => {
    const registry = new Registry();
    registerScrapeGauge(registry, { name: 'books_total', help: 'h' }, () => 1, 1000, jest.fn());
    registerScrapeGauge(registry, { name: 'books_total', help: 'h' }, () => 2, 1000, jest.fn());
    expect(await scrape(registry, 'books_total')).toEqual([[{}, 2]]);
  });

  it('reads after every collector of the scrape has sampled, so its query never shows in a sampled pool', async () => {
    const registry = new Registry();
    let queriesRunning = 0;
    registerScrapeGauge(
      registry,
      { name: 'books_total', help: 'h' },
      async () => {
        queriesRunning++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        queriesRunning--;
        return 1;
      },
      1000,
      jest.fn(),
    );
    // Registered after the reader, as a pool gauge may be, and sampling after a promise hop: it still samples first.
    const seen: number[] = [];
    new Gauge({
      name: 'pool_waiting',
      help: 'h',
      registers: [registry],
      async collect() {
        await Promise.resolve();
        seen.push(queriesRunning);
        this.set(queriesRunning);
      },
    });
    await registry.metrics();
    await registry.metrics();
    expect(seen).toEqual([0, 0]);
  });

  it('unregisters a gauge only while it is the one registered under its name', () => {
    const registry = new Registry();
    const old = registerScrapeGauge(registry, { name: 'books_total', help: 'h' }, () => 1, 1000, jest.fn());
    const newer = registerScrapeGauge(registry, { name: 'books_total', help: 'h' }, () => 2, 1000, jest.fn());
    unregisterMetric(registry, 'books_total', old);
    expect(registry.getSingleMetric('books_total')).toBe(newer);
    unregisterMetric(registry, 'books_total', newer);
    expect(registry.getSingleMetric('books_total')).toBeUndefined();
  });
});
