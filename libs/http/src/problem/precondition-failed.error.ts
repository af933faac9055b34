import { etagFor } from '../etag/etag';
import { DomainError } from './domain.error';

/** If-Match named a version that is no longer current: the client must re-read first. */
export class PreconditionFailedError extends DomainError {
  readonly status = 412;
  readonly slug = 'precondition-failed';
  readonly title = 'The resource has changed';

  constructor(readonly currentVersion: number) {
    super(`If-Match does not match the current version (ETag ${etagFor(currentVersion)}); fetch it again and retry`);
  }
}
