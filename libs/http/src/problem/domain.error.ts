/**
 * Base class of every error the API answers on purpose. The exception filter maps it to
 * problem+json from these fields alone, so no code ever matches on message text.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Slug of the problem type, appended to PROBLEM_TYPE_BASE. */
  abstract readonly slug: string;
  abstract readonly title: string;

  /** Extra members of the problem body (e.g. `errors`, `existingId`). */
  get extensions(): Record<string, unknown> {
    return {};
  }

  /** Extra response headers (e.g. `Retry-After`, `WWW-Authenticate`). */
  get headers(): Record<string, string> {
    return {};
  }

  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}
