import { DomainError } from '@app/http';

/** Seconds a client should wait before retrying while the database is out of reach. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The database did not answer (unreachable, restarting, timed out): nothing was written; retry later. */
export class DatabaseUnavailableError extends DomainError {
  readonly status = 503;
  readonly slug = 'database-unavailable';
  readonly title = 'The database is unavailable';

  constructor(cause?: unknown) {
    super(`The service cannot reach its database right now; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds`);
    this.cause = cause;
  }

  override get headers() {
    return { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) };
  }
}
