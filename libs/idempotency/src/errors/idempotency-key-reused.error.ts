import { DomainError } from '@app/errors';

/** The key was already used with a different request body (draft §2.6: 422). */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor(readonly key: string) {
    super(`Idempotency-Key "${key}" was first sent with a different body; use a new key for a new request`);
  }
}
