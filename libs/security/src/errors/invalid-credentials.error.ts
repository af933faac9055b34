import { DomainError } from '@app/errors';
import { AUTH_REALM } from '../auth/write-scope';

/** A credential was sent but is not valid; the detail never repeats it. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'INVALID_CREDENTIALS';

  constructor(reason = 'The API key or token is not valid') {
    super(reason);
  }

  /** An error of the HTTP edge: the Bearer challenge goes with it. */
  get headers(): Record<string, string> {
    return { 'WWW-Authenticate': `Bearer realm="${AUTH_REALM}", error="invalid_token"` };
  }
}
