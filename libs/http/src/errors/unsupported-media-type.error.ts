import { DomainError } from '@app/errors';

export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';

  constructor(
    received: string | undefined,
    readonly accepted: readonly string[],
  ) {
    super(`Content-Type ${received ? `"${received}"` : '(none)'} is not accepted; send ${accepted.join(' or ')}`);
  }

  /** An error of the HTTP edge: RFC 9110 §15.5.16 says to tell the client what we accept (Accept-Patch is set by the controller for PATCH). */
  get headers() {
    return { Accept: this.accepted.join(', ') };
  }
}
