import { DomainError } from '@app/errors';

/** The client did not send its whole request within the server's time limit. */
export class RequestArrivedTooLateError extends DomainError {
  readonly code = 'REQUEST_ARRIVED_TOO_LATE';

  constructor() {
    super('The request did not arrive in time');
  }
}
