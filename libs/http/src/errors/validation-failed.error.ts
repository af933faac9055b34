import { DomainError } from '@app/errors';
import type { FieldError } from '../problem/field-error';

export class ValidationFailedError extends DomainError {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '));
  }

  override get details() {
    return { errors: this.errors };
  }
}
