const UNIQUE_VIOLATION = '23505';

interface PgError {
  code?: string;
  constraint?: string;
  cause?: unknown;
}

/** True when PostgreSQL rejected a write for a unique constraint (drizzle wraps the driver error in `cause`). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as PgError | undefined; e && typeof e === 'object'; e = e.cause as PgError | undefined) {
    if (e.code === UNIQUE_VIOLATION) return constraint === undefined || e.constraint === constraint;
  }
  return false;
}
