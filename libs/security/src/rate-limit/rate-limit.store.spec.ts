import { Registry } from 'prom-client';
import type { SecurityOptions } from '../security.options';
import { RATE_LIMIT_STORE_ERRORS_TOTAL, RateLimitStoreErrorsMetric } from './rate-limit-store-errors.metric';
import { RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

const options = (redisUrl?: string): SecurityOptions => ({
  apiKeys: [],
  rateLimit: { readPerMinute: 2, writePerMinute: 1, redisUrl, keyPrefix: 'test:' },
});

// The metrics module's registry in the app; a fresh one per test file here.
const registry = new Registry();
const newStore = (redisUrl?: string) => new RateLimitStore(options(redisUrl), new RateLimitStoreErrorsMetric(registry));
const storeErrors = async () =>
  (await registry.getSingleMetric(RATE_LIMIT_STORE_ERRORS_TOTAL)?.get())?.values[0]?.value ?? 0;

describe('RateLimitStore', () => {
  it('counts in process without REDIS_URL, blocking past the limit', async () => {
    const store = newStore();
    await store.onModuleInit();
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push(await store.increment('read:ip:1', 60_000, 2));
    expect(hits.map((h) => h.isBlocked)).toEqual([false, false, true]);
    store.onApplicationShutdown();
  });

  it('uses Redis when it answers', async () => {
    const store = newStore('redis://127.0.0.1:1');
    const shared = (store as unknown as { shared: RedisRateLimitStore }).shared;
    const record = { totalHits: 7, timeToExpire: 30, isBlocked: true, timeToBlockExpire: 30 };
    jest.spyOn(shared, 'increment').mockResolvedValue(record);
    await expect(store.increment('k', 60_000, 2)).resolves.toBe(record);
    store.onApplicationShutdown();
  });

  it('fails open to in-process counters when Redis fails, counting each failure and warning once', async () => {
    const store = newStore('redis://127.0.0.1:1');
    const shared = (store as unknown as { shared: RedisRateLimitStore }).shared;
    jest.spyOn(shared, 'increment').mockRejectedValue(new Error("Stream isn't writeable"));
    const warn = jest.spyOn((store as unknown as { logger: { warn: () => void } }).logger, 'warn');
    warn.mockImplementation(() => undefined);
    const before = await storeErrors();
    const first = await store.increment('k', 60_000, 1);
    const second = await store.increment('k', 60_000, 1);
    expect([first.isBlocked, second.isBlocked]).toEqual([false, true]);
    expect(await storeErrors()).toBe(before + 2);
    expect(warn).toHaveBeenCalledTimes(1);
    store.onApplicationShutdown();
  });

  it('starts even when Redis is unreachable', async () => {
    const store = newStore('redis://127.0.0.1:1');
    const warn = jest.spyOn((store as unknown as { logger: { warn: () => void } }).logger, 'warn');
    warn.mockImplementation(() => undefined);
    await expect(store.onModuleInit()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^Redis .*ECONNREFUSED/));
    store.onApplicationShutdown();
  });
});

describe('RateLimitStore start-up cost', () => {
  /** Builds a store in a fresh module registry where loading ioredis fails loudly. */
  const buildWithoutIoredis = (redisUrl?: string) =>
    jest.isolateModules(() => {
      jest.doMock('ioredis', () => {
        throw new Error('ioredis was loaded');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { RateLimitStore: Store } = require('./rate-limit.store') as typeof import('./rate-limit.store');
      new Store(options(redisUrl), new RateLimitStoreErrorsMetric(registry));
    });

  it('never loads ioredis without REDIS_URL', () => {
    expect(() => buildWithoutIoredis()).not.toThrow();
  });

  it('loads it when REDIS_URL asks for it', () => {
    expect(() => buildWithoutIoredis('redis://127.0.0.1:1')).toThrow('ioredis was loaded');
  });
});
