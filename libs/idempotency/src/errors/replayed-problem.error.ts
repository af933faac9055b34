import { Problem, StoredProblemError } from '@app/http';

/**
 * A client error stored for an Idempotency-Key, answered again: through the one exception filter,
 * which renders it exactly as the first time (same type, title, detail and members).
 */
export class ReplayedProblemError extends StoredProblemError {
  constructor(problem: Problem, storedHeaders: Record<string, string>) {
    super(problem, storedHeaders);
  }

  override get headers(): Record<string, string> {
    return { ...super.headers, 'Idempotency-Replayed': 'true' };
  }
}
