import type { HttpRequest } from '@app/http';

export interface IdempotencyOptions {
  /** How long a key and its stored response are kept (IDEMPOTENCY_TTL_SECONDS). */
  ttlSeconds: number;
  /**
   * A claim not completed within this long is taken to be abandoned (its process died) and may be
   * taken over by a retry. Even then nothing is duplicated: the original can only commit while it
   * still holds the claim.
   */
  claimLeaseMs: number;
  /** The authenticated client of a request, when there is one: keys are scoped to it. */
  clientOf?: (request: HttpRequest) => string | undefined;
}

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');
