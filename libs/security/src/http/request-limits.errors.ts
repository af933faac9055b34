import { DomainError } from '@app/http';

export class UriTooLongError extends DomainError {
  readonly status = 414;
  readonly slug = 'uri-too-long';
  readonly title = 'URI too long';

  constructor(maxLength: number) {
    super(`The request target exceeds ${maxLength} characters`);
  }
}

/** The handler did not answer in time; what it was doing may still complete. (408 `request-timeout` is the client's.) */
export class RequestTimedOutError extends DomainError {
  readonly status = 503;
  readonly slug = 'response-timeout';
  readonly title = 'Request timed out';

  constructor(timeoutMs: number) {
    super(`The request was not answered within ${timeoutMs} ms; retry later`);
  }

  override get headers(): Record<string, string> {
    return { 'Retry-After': '1' };
  }
}

/** Node's parser met a request line and headers longer than its limit (before any route). */
export class HeaderFieldsTooLargeError extends DomainError {
  readonly status = 431;
  readonly slug = 'request-header-fields-too-large';
  readonly title = 'Request header fields too large';

  constructor(maxBytes: number) {
    super(`The request line and headers exceed ${maxBytes} bytes`);
  }
}

/** The client did not send its whole request within the server's time limit. */
export class RequestArrivedTooLateError extends DomainError {
  readonly status = 408;
  readonly slug = 'request-timeout';
  readonly title = 'Request timeout';

  constructor() {
    super('The request did not arrive in time');
  }
}

/** Node's parser could not read the bytes as an HTTP request. */
export class MalformedHttpError extends DomainError {
  readonly status = 400;
  readonly slug = 'bad-request';
  readonly title = 'Bad request';

  constructor() {
    super('The request is not valid HTTP');
  }
}
