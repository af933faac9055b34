import { DomainError } from './domain.error';
import type { FieldError } from './field-error';

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly slug = 'validation-failed';
  readonly title = 'Your request is not valid';

  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '));
  }

  override get extensions() {
    return { errors: this.errors };
  }
}
