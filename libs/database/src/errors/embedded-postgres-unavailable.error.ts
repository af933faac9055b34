/** The embedded engine is missing for this platform (its optional package was not installed). */
export class EmbeddedPostgresUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'EmbeddedPostgresUnavailableError';
  }
}
