import { DomainError } from '@app/errors';

/** The identity provider's keys could not be fetched: not the client's fault, worth a retry. */
export class AuthenticationUnavailableError extends DomainError {
  readonly code = 'AUTHENTICATION_UNAVAILABLE';
  override readonly retryAfterSeconds = 5;

  constructor() {
    super('The token could not be checked because the signing keys are unreachable; retry shortly');
  }
}
