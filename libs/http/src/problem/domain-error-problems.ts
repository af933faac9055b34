import { DomainError } from '@app/errors';
import { StoredProblemError } from '../errors/stored-problem.error';
import { problemType } from './problem';

/** How one error code is answered over HTTP. */
export interface ProblemMapping {
  readonly status: number;
  /** Slug of the problem type, appended to PROBLEM_TYPE_BASE. */
  readonly slug: string;
  readonly title: string;
}

/**
 * Every DomainError code the API answers on purpose, and its answer: the one place where a failure
 * of the domain gets an HTTP status. An error whose code is missing here is answered as a 500.
 */
export const DOMAIN_ERROR_PROBLEMS: Readonly<Record<string, ProblemMapping>> = {
  // The request itself
  VALIDATION_FAILED: { status: 400, slug: 'validation-failed', title: 'Your request is not valid' },
  JSON_TOO_DEEP: { status: 400, slug: 'json-too-deep', title: 'JSON nested too deeply' },
  MALFORMED_HTTP: { status: 400, slug: 'bad-request', title: 'Bad request' },
  METHOD_NOT_ALLOWED: { status: 405, slug: 'method-not-allowed', title: 'Method not allowed' },
  REQUEST_ARRIVED_TOO_LATE: { status: 408, slug: 'request-timeout', title: 'Request timeout' },
  URI_TOO_LONG: { status: 414, slug: 'uri-too-long', title: 'URI too long' },
  HEADER_FIELDS_TOO_LARGE: {
    status: 431,
    slug: 'request-header-fields-too-large',
    title: 'Request header fields too large',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, slug: 'unsupported-media-type', title: 'Unsupported content type' },
  PRECONDITION_FAILED: { status: 412, slug: 'precondition-failed', title: 'The resource has changed' },
  // Who is asking
  AUTHENTICATION_REQUIRED: { status: 401, slug: 'authentication-required', title: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, slug: 'invalid-credentials', title: 'Invalid credentials' },
  INSUFFICIENT_SCOPE: { status: 403, slug: 'insufficient-scope', title: 'Insufficient scope' },
  RATE_LIMITED: { status: 429, slug: 'rate-limited', title: 'Too many requests' },
  // The catalogue
  BOOK_NOT_FOUND: { status: 404, slug: 'book-not-found', title: 'Book not found' },
  DUPLICATE_ISBN: { status: 409, slug: 'duplicate-isbn', title: 'A book with this ISBN already exists' },
  CONCURRENT_MODIFICATION: {
    status: 409,
    slug: 'concurrent-modification',
    title: 'The book is being changed by others',
  },
  // Idempotency-Key
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    slug: 'idempotency-key-in-use',
    title: 'A request with this Idempotency-Key is still in progress',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    slug: 'idempotency-key-reused',
    title: 'This Idempotency-Key was used for a different request',
  },
  // Dependencies out of reach: worth a retry
  DATABASE_UNAVAILABLE: { status: 503, slug: 'database-unavailable', title: 'The database is unavailable' },
  AUTHENTICATION_UNAVAILABLE: { status: 503, slug: 'authentication-unavailable', title: 'Authentication unavailable' },
  REQUEST_TIMED_OUT: { status: 503, slug: 'response-timeout', title: 'Request timed out' },
};

/** A DomainError as the parts of a problem+json answer (all but `instance`). */
export interface DomainErrorAnswer {
  status: number;
  type: string;
  title: string;
  detail: string;
  members: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Errors of the HTTP edge (405's Allow, 415's Accept, 401's WWW-Authenticate, 429's RateLimit-*) name headers of their own. */
function ownHeadersOf(error: DomainError): Record<string, string> {
  const headers = (error as Partial<{ headers: unknown }>).headers;
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : {};
}

/** The answer to `error` by its code, or undefined when the table does not know the code. */
export function problemOfDomainError(error: DomainError): DomainErrorAnswer | undefined {
  if (error instanceof StoredProblemError) {
    const { type, title, status, detail, instance: _instance, ...members } = error.problem;
    return { status, type, title, detail, members, headers: error.headers };
  }
  const mapping = Object.hasOwn(DOMAIN_ERROR_PROBLEMS, error.code) ? DOMAIN_ERROR_PROBLEMS[error.code] : undefined;
  if (mapping === undefined) return undefined;
  const retryAfter: Record<string, string> =
    error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error.retryAfterSeconds) };
  return {
    status: mapping.status,
    type: problemType(mapping.slug),
    title: mapping.title,
    detail: error.message,
    members: error.details,
    headers: { ...retryAfter, ...ownHeadersOf(error) },
  };
}
