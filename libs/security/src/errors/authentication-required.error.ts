import { DomainError } from '@app/errors';
import { AUTH_REALM } from '../auth/write-scope';

/** No credential on a write: RFC 6750 says the challenge carries no error code then. */
export class AuthenticationRequiredError extends DomainError {
  readonly code = 'AUTHENTICATION_REQUIRED';

  constructor() {
    super('Writes need an API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>`');
  }

  /** An error of the HTTP edge: the Bearer challenge goes with it. */
  get headers(): Record<string, string> {
    return { 'WWW-Authenticate': `Bearer realm="${AUTH_REALM}"` };
  }
}
