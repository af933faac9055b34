/**
 * Base class of every error the service raises on purpose. It says what went wrong with a stable
 * `code` (e.g. `BOOK_NOT_FOUND`) and speaks no HTTP: the edge maps codes to responses in one table
 * (libs/http's domain-error-problems.ts), so no code ever matches on message text or knows a status.
 */
export abstract class DomainError extends Error {
  /** Stable, machine-readable name of the failure, SCREAMING_SNAKE_CASE; never reused for another meaning. */
  abstract readonly code: string;

  /** Seconds after which the same request may succeed; unset when retrying would not help. */
  readonly retryAfterSeconds?: number;

  /** Facts a caller needs beyond the message (e.g. `existingId`), answered as members of the problem. */
  get details(): Record<string, unknown> {
    return {};
  }

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
