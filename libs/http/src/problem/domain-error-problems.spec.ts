import { DomainError } from '@app/errors';
import { StoredProblemError } from '../errors/stored-problem.error';
import { UnsupportedMediaTypeError } from '../errors/unsupported-media-type.error';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { DOMAIN_ERROR_PROBLEMS, problemOfDomainError } from './domain-error-problems';
import { PROBLEM_TYPE_BASE } from './problem';

class UnmappedError extends DomainError {
  readonly code = 'NOT_IN_THE_TABLE';
}

class ToStringError extends DomainError {
  // A key every object inherits: the table must not answer it.
  readonly code = 'toString';
}

describe('problemOfDomainError', () => {
  it("answers an error from its code's row: status, type and title; detail and members from the error", () => {
    const error = new ValidationFailedError([{ field: 'title', message: 'must not be empty' }]);
    expect(problemOfDomainError(error)).toEqual({
      status: 400,
      type: `${PROBLEM_TYPE_BASE}validation-failed`,
      title: 'Your request is not valid',
      detail: 'title: must not be empty',
      members: { errors: [{ field: 'title', message: 'must not be empty' }] },
      headers: {},
    });
  });

  it("turns the retry hint into Retry-After and keeps the edge error's own headers", () => {
    class BusyError extends DomainError {
      readonly code = 'DATABASE_UNAVAILABLE';
      override readonly retryAfterSeconds = 7;
    }
    expect(problemOfDomainError(new BusyError('busy'))).toMatchObject({ status: 503, headers: { 'Retry-After': '7' } });
    expect(problemOfDomainError(new UnsupportedMediaTypeError('text/plain', ['application/json']))).toMatchObject({
      status: 415,
      headers: { Accept: 'application/json' },
    });
  });

  it('knows nothing of codes missing from the table, including inherited keys', () => {
    expect(problemOfDomainError(new UnmappedError('?'))).toBeUndefined();
    expect(problemOfDomainError(new ToStringError('?'))).toBeUndefined();
  });

  it('answers a stored problem as it was stored, whatever the table says', () => {
    const problem = {
      type: `${PROBLEM_TYPE_BASE}duplicate-isbn`,
      title: 'A book with this ISBN already exists',
      status: 409,
      detail: 'ISBN 9780000000002 already belongs to book b1',
      instance: '/api/v1/books',
      existingId: 'b1',
    };
    expect(problemOfDomainError(new StoredProblemError(problem, { 'X-Stored': 'yes' }))).toEqual({
      status: 409,
      type: problem.type,
      title: problem.title,
      detail: problem.detail,
      members: { existingId: 'b1' },
      headers: { 'X-Stored': 'yes' },
    });
  });

  it('has one row per code, each with an error status and a distinct problem type per meaning', () => {
    for (const [code, mapping] of Object.entries(DOMAIN_ERROR_PROBLEMS)) {
      expect([code, mapping.status >= 400 && mapping.status < 600]).toEqual([code, true]);
      expect([code, /^[a-z0-9]+(-[a-z0-9]+)*$/.test(mapping.slug)]).toEqual([code, true]);
    }
    const slugs = Object.values(DOMAIN_ERROR_PROBLEMS).map((m) => m.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });
});
