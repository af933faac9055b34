import { DomainError } from '@app/http';

/** Over the client's limit for this kind of request; the headers say when to come back. */
export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly slug = 'rate-limited';
  readonly title = 'Too many requests';

  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`More than ${limit} requests of this kind per minute; retry after ${retryAfterSeconds} s`);
  }

  override get headers(): Record<string, string> {
    const seconds = String(Math.max(1, this.retryAfterSeconds));
    return {
      'Retry-After': seconds,
      'RateLimit-Limit': String(this.limit),
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': seconds,
    };
  }
}
