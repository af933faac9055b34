/** The embedded server could not be set up or started (not a transient outage: start-up gives up). */
export class EmbeddedPostgresStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresStartError';
  }
}
