/** The database never became usable at start-up: unreachable for too long, or a migration failed. */
export class DatabaseStartupError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'DatabaseStartupError';
  }
}
