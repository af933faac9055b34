import { DomainError } from '@app/errors';

/** If-Match named a version that is no longer current: the client must re-read first. */
export class PreconditionFailedError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';

  constructor(readonly currentEtag: string) {
    super(`If-Match does not match the current version (ETag ${currentEtag}); fetch it again and retry`);
  }
}
