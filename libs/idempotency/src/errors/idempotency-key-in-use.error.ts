import { DomainError } from '@app/errors';

/** A request with this key is still being processed: the retry came too early (draft §2.6: 409). */
export class IdempotencyKeyInUseError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_IN_USE';
  override readonly retryAfterSeconds = 1;

  constructor(readonly key: string) {
    super(`The first request with Idempotency-Key "${key}" has not finished yet; retry shortly to get its response`);
  }
}
