import { DomainError } from '@app/errors';
import { etagFor } from '../etag/etag';

/** If-Match named a version that is no longer current: the client must re-read first. */
export class PreconditionFailedError extends DomainError {
  readonly code = 'PRECONDITION_FAILED';

  constructor(readonly currentVersion: number) {
    super(`If-Match does not match the current version (ETag ${etagFor(currentVersion)}); fetch it again and retry`);
  }
}
