import { DomainError } from '@app/http';

/** The scope a JWT needs for writes. */
export const WRITE_SCOPE = 'books:write';

const REALM = 'book-library';

/** No credential on a write: RFC 6750 says the challenge carries no error code then. */
export class AuthenticationRequiredError extends DomainError {
  readonly status = 401;
  readonly slug = 'authentication-required';
  readonly title = 'Authentication required';

  constructor() {
    super('Writes need an API key: send `Authorization: Bearer <key>` or `X-API-Key: <key>`');
  }

  override get headers(): Record<string, string> {
    return { 'WWW-Authenticate': `Bearer realm="${REALM}"` };
  }
}

/** A credential was sent but is not valid; the detail never repeats it. */
export class InvalidCredentialsError extends DomainError {
  readonly status = 401;
  readonly slug = 'invalid-credentials';
  readonly title = 'Invalid credentials';

  constructor(reason = 'The API key or token is not valid') {
    super(reason);
  }

  override get headers(): Record<string, string> {
    return { 'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"` };
  }
}

/** A valid token without the write scope. */
export class InsufficientScopeError extends DomainError {
  readonly status = 403;
  readonly slug = 'insufficient-scope';
  readonly title = 'Insufficient scope';

  constructor() {
    super(`The token lacks the ${WRITE_SCOPE} scope that writes need`);
  }

  override get headers(): Record<string, string> {
    return { 'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${WRITE_SCOPE}"` };
  }
}

/** The identity provider's keys could not be fetched: not the client's fault, worth a retry. */
export class AuthenticationUnavailableError extends DomainError {
  readonly status = 503;
  readonly slug = 'authentication-unavailable';
  readonly title = 'Authentication unavailable';

  constructor() {
    super('The token could not be checked because the signing keys are unreachable; retry shortly');
  }

  override get headers(): Record<string, string> {
    return { 'Retry-After': '5' };
  }
}
