import { DomainError } from '@app/errors';

/** Node's parser met a request line and headers longer than its limit (before any route). */
export class HeaderFieldsTooLargeError extends DomainError {
  readonly code = 'HEADER_FIELDS_TOO_LARGE';

  constructor(maxBytes: number) {
    super(`The request line and headers exceed ${maxBytes} bytes`);
  }
}
