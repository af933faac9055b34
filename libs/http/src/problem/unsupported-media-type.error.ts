import { DomainError } from './domain.error';

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly slug = 'unsupported-media-type';
  readonly title = 'Unsupported content type';

  constructor(
    received: string | undefined,
    readonly accepted: readonly string[],
  ) {
    super(`Content-Type ${received ? `"${received}"` : '(none)'} is not accepted; send ${accepted.join(' or ')}`);
  }

  override get headers() {
    // RFC 9110 §15.5.16: tell the client what we accept (Accept-Patch is set by the controller for PATCH).
    return { Accept: this.accepted.join(', ') };
  }
}
