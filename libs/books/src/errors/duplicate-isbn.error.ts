import { DomainError } from '@app/errors';

export class DuplicateIsbnError extends DomainError {
  readonly code = 'DUPLICATE_ISBN';

  constructor(
    readonly isbn: string,
    readonly existingId: string | null,
  ) {
    super(`ISBN ${isbn} already belongs to book ${existingId ?? '(just removed)'}`);
  }

  override get details() {
    return { isbn: this.isbn, existingId: this.existingId };
  }
}
