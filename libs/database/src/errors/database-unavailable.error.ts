import { DomainError } from '@app/errors';

/** Seconds a client should wait before retrying while the database is out of reach. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The database did not answer (unreachable, restarting, timed out): nothing was written; retry later. */
export class DatabaseUnavailableError extends DomainError {
  readonly code = 'DATABASE_UNAVAILABLE';
  override readonly retryAfterSeconds = DATABASE_RETRY_AFTER_SECONDS;

  constructor(cause?: unknown) {
    super(`The service cannot reach its database right now; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds`);
    this.cause = cause;
  }
}
