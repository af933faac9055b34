import { DomainError } from '@app/http';

export class UriTooLongError extends DomainError {
  readonly status = 414;
  readonly slug = 'uri-too-long';
  readonly title = 'URI too long';

  constructor(maxLength: number) {
    super(`The request target exceeds ${maxLength} characters`);
  }
}

/** The handler did not answer in time; what it was doing may still complete. */
export class RequestTimedOutError extends DomainError {
  readonly status = 503;
  readonly slug = 'request-timeout';
  readonly title = 'Request timed out';

  constructor(timeoutMs: number) {
    super(`The request was not answered within ${timeoutMs} ms; retry later`);
  }

  override get headers(): Record<string, string> {
    return { 'Retry-After': '1' };
  }
}
