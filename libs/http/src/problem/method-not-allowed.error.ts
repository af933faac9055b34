import { DomainError } from './domain.error';

/** The path exists, but not with this method (RFC 9110 §15.5.6: say which methods it has, in Allow). */
export class MethodNotAllowedError extends DomainError {
  readonly status = 405;
  readonly slug = 'method-not-allowed';
  readonly title = 'Method not allowed';

  constructor(
    method: string,
    readonly allowed: readonly string[],
  ) {
    super(`${method} is not supported here; use ${allowed.join(', ')}`);
  }

  override get headers() {
    return { Allow: this.allowed.join(', ') };
  }
}
