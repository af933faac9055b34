import { DomainError } from '@app/errors';

/** Other writers kept changing the book while an unconditional update retried; rare, and safe to retry. */
export class ConcurrentModificationError extends DomainError {
  readonly code = 'CONCURRENT_MODIFICATION';

  constructor(readonly bookId: string) {
    super(`Book ${bookId} changed during every attempt to update it; retry, or send If-Match`);
  }
}
