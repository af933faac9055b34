import { DomainError } from '@app/errors';

/** Over the client's limit for this kind of request; the headers say when to come back. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  override readonly retryAfterSeconds: number;

  constructor(
    readonly limit: number,
    retryAfterSeconds: number,
  ) {
    super(`More than ${limit} requests of this kind per minute; retry after ${retryAfterSeconds} s`);
    // Never "retry after 0 s": the window may end within the second.
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  /** An error of the HTTP edge: draft-ietf-httpapi-ratelimit-headers. */
  get headers(): Record<string, string> {
    return {
      'RateLimit-Limit': String(this.limit),
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': String(this.retryAfterSeconds),
    };
  }
}
