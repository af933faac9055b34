import { DomainError } from '@app/errors';

/** The handler did not answer in time; what it was doing may still complete. (408 `request-timeout` is the client's.) */
export class RequestTimedOutError extends DomainError {
  readonly code = 'REQUEST_TIMED_OUT';
  override readonly retryAfterSeconds = 1;

  constructor(timeoutMs: number) {
    super(`The request was not answered within ${timeoutMs} ms; retry later`);
  }
}
