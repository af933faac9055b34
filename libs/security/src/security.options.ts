import type { JwtOptions } from './auth/jwt-verifier';

export const SECURITY_OPTIONS = Symbol('SECURITY_OPTIONS');

export interface RateLimitOptions {
  readPerMinute: number;
  writePerMinute: number;
  /** Counters shared by every replica; unset: each process counts on its own. */
  redisUrl?: string;
  /** Prefix of the Redis keys, so several services (or test runs) can share one Redis. */
  keyPrefix: string;
  /** Paths never limited (probes, scrapes, docs); the composition root's route table decides. */
  isUnlimited?: (path: string) => boolean;
}

export interface SecurityOptions {
  /** The API keys in clear, as configured; hashed at start-up and never logged. */
  apiKeys: readonly string[];
  /** Also accept OAuth2/OIDC bearer JWTs (scope books:write for writes). */
  jwt?: JwtOptions;
  rateLimit: RateLimitOptions;
}
