import { DomainError } from '@app/errors';

/** Node's parser could not read the bytes as an HTTP request. */
export class MalformedHttpError extends DomainError {
  readonly code = 'MALFORMED_HTTP';

  constructor() {
    super('The request is not valid HTTP');
  }
}
