import { DomainError } from '@app/http';

/** A request with this key is still being processed: the retry came too early (draft §2.6: 409). */
export class IdempotencyKeyInUseError extends DomainError {
  readonly status = 409;
  readonly slug = 'idempotency-key-in-use';
  readonly title = 'A request with this Idempotency-Key is still in progress';

  constructor(readonly key: string) {
    super(`The first request with Idempotency-Key "${key}" has not finished yet; retry shortly to get its response`);
  }

  override get headers() {
    return { 'Retry-After': '1' };
  }
}
