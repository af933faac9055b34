import { DomainError } from '@app/errors';

export class BookNotFoundError extends DomainError {
  readonly code = 'BOOK_NOT_FOUND';

  constructor(readonly bookId: string) {
    super(`No book with id ${bookId}`);
  }
}
