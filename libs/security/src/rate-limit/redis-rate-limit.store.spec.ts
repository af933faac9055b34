import { RedisRateLimitStore } from './redis-rate-limit.store';

describe('RedisRateLimitStore', () => {
  it('reads the atomic script answer as a fixed window', async () => {
    const store = new RedisRateLimitStore('redis://127.0.0.1:1', 'pfx:');
    const evalSpy = jest.spyOn(store.client, 'eval');
    evalSpy.mockResolvedValueOnce([3, 42_100] as never).mockResolvedValueOnce([4, 900] as never);
    await expect(store.increment('read:ip:x', 60_000, 3)).resolves.toEqual({
      totalHits: 3,
      timeToExpire: 43,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    await expect(store.increment('read:ip:x', 60_000, 3)).resolves.toEqual({
      totalHits: 4,
      timeToExpire: 1,
      isBlocked: true,
      timeToBlockExpire: 1,
    });
    expect(evalSpy).toHaveBeenCalledWith(expect.stringContaining('INCR'), 1, 'pfx:read:ip:x', 60_000);
    store.close();
  });

  it('never queues commands while disconnected', () => {
    const store = new RedisRateLimitStore('redis://127.0.0.1:1', 'pfx:');
    expect(store.client.options).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    expect(store.client.options.commandTimeout).toBeLessThanOrEqual(500);
    store.close();
  });
});
