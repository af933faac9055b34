import { DomainError } from '@app/http';

/** The key was already used with a different request body (draft §2.6: 422). */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly slug = 'idempotency-key-reused';
  readonly title = 'This Idempotency-Key was used for a different request';

  constructor(readonly key: string) {
    super(`Idempotency-Key "${key}" was first sent with a different body; use a new key for a new request`);
  }
}
