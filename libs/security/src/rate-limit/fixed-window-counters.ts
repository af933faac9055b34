import type { ThrottlerStorage } from '@nestjs/throttler';

export type RateLimitRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A fixed window's count and time left as @nestjs/throttler expects it (seconds, blocked past the limit). */
export function recordOf(hits: number, remainingMs: number, limit: number): RateLimitRecord {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  const isBlocked = hits > limit;
  return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
}

/**
 * In-process counters, one fixed window per key: O(1) per request whatever the limit, the same
 * semantics as the Redis store. (@nestjs/throttler's own storage keeps a timestamp per hit and
 * scans them on every request; at very high limits it slows down and finally throws: docs/performance.md.)
 */
export class FixedWindowCounters {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();
  private nextSweep = 0;

  hit(key: string, windowMs: number, now = Date.now()): { hits: number; remainingMs: number } {
    if (now >= this.nextSweep) this.sweep(now, windowMs);
    let window = this.windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { hits: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return { hits: window.hits, remainingMs: window.resetAt - now };
  }

  get size(): number {
    return this.windows.size;
  }

  /** Forgets finished windows, at most once per window length: memory stays bounded by active clients. */
  private sweep(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweep = now + windowMs;
  }
}
