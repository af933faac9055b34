import { DomainError } from '@app/errors';

export class UriTooLongError extends DomainError {
  readonly code = 'URI_TOO_LONG';

  constructor(maxLength: number) {
    super(`The request target exceeds ${maxLength} characters`);
  }
}
