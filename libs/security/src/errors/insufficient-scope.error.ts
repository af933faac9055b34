import { DomainError } from '@app/errors';
import { AUTH_REALM, WRITE_SCOPE } from '../auth/write-scope';

/** A valid token without the write scope. */
export class InsufficientScopeError extends DomainError {
  readonly code = 'INSUFFICIENT_SCOPE';

  constructor() {
    super(`The token lacks the ${WRITE_SCOPE} scope that writes need`);
  }

  /** An error of the HTTP edge: the Bearer challenge goes with it. */
  get headers(): Record<string, string> {
    return { 'WWW-Authenticate': `Bearer realm="${AUTH_REALM}", error="insufficient_scope", scope="${WRITE_SCOPE}"` };
  }
}
