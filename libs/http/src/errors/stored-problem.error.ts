import { DomainError } from '@app/errors';
import type { Problem } from '../problem/problem';

/**
 * A problem answered before and stored (e.g. for an Idempotency-Key), to be answered again exactly as
 * the first time: its status, type, title, detail and members come from the stored body, not the table.
 */
export class StoredProblemError extends DomainError {
  readonly code = 'STORED_PROBLEM';

  constructor(
    readonly problem: Problem,
    private readonly storedHeaders: Record<string, string>,
  ) {
    super(problem.detail);
  }

  get headers(): Record<string, string> {
    return this.storedHeaders;
  }
}
