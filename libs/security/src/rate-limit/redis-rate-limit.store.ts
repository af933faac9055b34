import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { RateLimitRecord, recordOf } from './fixed-window-counters';

/**
 * One fixed window per key, atomically: count the hit, start the window's expiry on the first one,
 * answer the count and the time left. KEYS[1] = counter, ARGV[1] = window in ms.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }`;

/** Never queue commands while disconnected and never wait long: the caller fails open instead. */
export const REDIS_CLIENT_OPTIONS = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 300,
  connectTimeout: 1_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 250, 2_000),
} as const;

/** Counters in Redis, shared by every replica that uses the same Redis and prefix. */
export class RedisRateLimitStore implements ThrottlerStorage {
  readonly client: Redis;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    this.client = new Redis(url, REDIS_CLIENT_OPTIONS);
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  async increment(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    const [hits, remainingMs] = (await this.client.eval(HIT_SCRIPT, 1, `${this.keyPrefix}${key}`, ttl)) as [
      number,
      number,
    ];
    return recordOf(hits, remainingMs, limit);
  }

  close(): void {
    this.client.disconnect();
  }
}
