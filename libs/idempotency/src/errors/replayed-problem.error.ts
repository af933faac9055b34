import { DomainError, Problem, PROBLEM_TYPE_BASE } from '@app/http';

/**
 * A client error stored for an Idempotency-Key, answered again: through the one exception filter,
 * which renders it exactly as the first time (same type, title, detail and members).
 */
export class ReplayedProblemError extends DomainError {
  readonly status: number;
  readonly slug: string;
  readonly title: string;

  constructor(
    private readonly problem: Problem,
    private readonly storedHeaders: Record<string, string>,
  ) {
    super(problem.detail);
    this.status = problem.status;
    this.slug = problem.type.slice(PROBLEM_TYPE_BASE.length);
    this.title = problem.title;
  }

  override get extensions(): Record<string, unknown> {
    const {
      type: _type,
      title: _title,
      status: _status,
      detail: _detail,
      instance: _instance,
      ...members
    } = this.problem;
    return members;
  }

  override get headers(): Record<string, string> {
    return { ...this.storedHeaders, 'Idempotency-Replayed': 'true' };
  }
}
