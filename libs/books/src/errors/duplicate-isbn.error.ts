import { DomainError } from '@app/http';

export class DuplicateIsbnError extends DomainError {
  readonly status = 409;
  readonly slug = 'duplicate-isbn';
  readonly title = 'A book with this ISBN already exists';

  constructor(
    readonly isbn: string,
    readonly existingId: string | null,
  ) {
    super(`ISBN ${isbn} already belongs to book ${existingId ?? '(just removed)'}`);
  }

  override get extensions() {
    return { isbn: this.isbn, existingId: this.existingId };
  }
}
