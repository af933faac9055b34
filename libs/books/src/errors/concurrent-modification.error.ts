import { DomainError } from '@app/http';

/** Other writers kept changing the book while an unconditional update retried; rare, and safe to retry. */
export class ConcurrentModificationError extends DomainError {
  readonly status = 409;
  readonly slug = 'concurrent-modification';
  readonly title = 'The book is being changed by others';

  constructor(readonly bookId: string) {
    super(`Book ${bookId} changed during every attempt to update it; retry, or send If-Match`);
  }
}
