import { DomainError } from '@app/errors';

/** The path exists, but not with this method (RFC 9110 §15.5.6: say which methods it has, in Allow). */
export class MethodNotAllowedError extends DomainError {
  readonly code = 'METHOD_NOT_ALLOWED';

  constructor(
    method: string,
    readonly allowed: readonly string[],
  ) {
    super(`${method} is not supported here; use ${allowed.join(', ')}`);
  }

  /** An error of the HTTP edge: it names a header of its own. */
  get headers(): Record<string, string> {
    return { Allow: this.allowed.join(', ') };
  }
}
