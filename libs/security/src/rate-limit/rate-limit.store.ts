import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { SECURITY_OPTIONS, type SecurityOptions } from '../security.options';
import { RateLimitStoreErrorsMetric } from './rate-limit-store-errors.metric';
import { FixedWindowCounters, RateLimitRecord, recordOf } from './fixed-window-counters';
import type { RedisRateLimitStore } from './redis-rate-limit.store';

/** At most one warning per this interval while Redis is failing, however many requests fail open. */
const WARN_EVERY_MS = 10_000;

/**
 * Where the counters live: Redis when REDIS_URL is set (one limit across replicas), else this
 * process. When Redis cannot answer, the request is counted in process instead (fail open: the
 * API keeps serving with per-replica limits), logged, and counted in rate_limit_store_errors_total.
 */
@Injectable()
export class RateLimitStore implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new FixedWindowCounters();
  private readonly shared?: RedisRateLimitStore;
  private lastWarning = 0;

  constructor(
    @Inject(SECURITY_OPTIONS) options: SecurityOptions,
    private readonly storeErrors: RateLimitStoreErrorsMetric,
  ) {
    const { redisUrl, keyPrefix } = options.rateLimit;
    if (redisUrl) {
      // Loaded only when configured: ioredis costs about 50 ms of every start-up that has no Redis.
      const { RedisRateLimitStore: Store } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('./redis-rate-limit.store') as typeof import('./redis-rate-limit.store');
      this.shared = new Store(redisUrl, keyPrefix);
      // ioredis reports connection trouble as events; without a listener they would crash the process.
      this.shared.client.on('error', (error: Error) => this.warn('Redis connection error', error));
    }
  }

  async onModuleInit(): Promise<void> {
    if (!this.shared) return;
    // Not fatal: the API must start and serve while Redis is down; ioredis keeps reconnecting.
    await this.shared.connect().catch((error: Error) => this.warn('Redis not reachable at start-up', error));
  }

  /** One fixed window of `ttl` ms per key, in Redis or here; blocked until the window ends. */
  async increment(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    if (this.shared) {
      try {
        return await this.shared.increment(key, ttl, limit);
      } catch (error) {
        this.storeErrors.inc();
        this.warn('Rate-limit store unavailable; counting in process', error as Error);
      }
    }
    const { hits, remainingMs } = this.local.hit(key, ttl);
    return recordOf(hits, remainingMs, limit);
  }

  onApplicationShutdown(): void {
    this.shared?.close();
  }

  private warn(message: string, error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(`${message}: ${error.message}`);
  }
}
