import { DomainError } from '@app/http';

export class BookNotFoundError extends DomainError {
  readonly status = 404;
  readonly slug = 'book-not-found';
  readonly title = 'Book not found';

  constructor(readonly bookId: string) {
    super(`No book with id ${bookId}`);
  }
}
