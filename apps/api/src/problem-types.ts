import type { DocumentedProblemType } from '@app/http';

/**
 * Every problem type this service answers, for the contract (problem-types.spec.ts checks no emitted
 * type is missing and each keeps one status).
 */
export const PROBLEM_TYPES: readonly DocumentedProblemType[] = [
  { slug: 'bad-request', status: 400, when: 'the request is not valid HTTP, or the framework refused it' },
  { slug: 'validation-failed', status: 400, when: 'fields of the query or the body are invalid; `errors` names each' },
  { slug: 'malformed-json', status: 400, when: 'the body is not valid JSON' },
  { slug: 'json-too-deep', status: 400, when: 'the body nests objects or arrays too deeply' },
  { slug: 'authentication-required', status: 401, when: 'a write without a credential' },
  { slug: 'invalid-credentials', status: 401, when: 'the API key or bearer token is not valid' },
  { slug: 'insufficient-scope', status: 403, when: 'the token lacks the write scope' },
  { slug: 'not-found', status: 404, when: 'no such path' },
  { slug: 'book-not-found', status: 404, when: 'no book with that id' },
  {
    slug: 'method-not-allowed',
    status: 405,
    when: 'the path exists, but not with this method; the `Allow` header lists the methods it has',
  },
  { slug: 'request-timeout', status: 408, when: 'the client did not send its whole request in time' },
  { slug: 'duplicate-isbn', status: 409, when: 'another book has this ISBN' },
  { slug: 'concurrent-modification', status: 409, when: 'the book changed while this write ran; retry' },
  { slug: 'idempotency-key-in-use', status: 409, when: 'the first request with this Idempotency-Key is still running' },
  { slug: 'precondition-failed', status: 412, when: 'If-Match names a version that is no longer current' },
  { slug: 'payload-too-large', status: 413, when: 'the body exceeds the size limit' },
  { slug: 'uri-too-long', status: 414, when: 'the request target exceeds the length limit' },
  { slug: 'unsupported-media-type', status: 415, when: 'the body’s media type, encoding or charset is not accepted' },
  { slug: 'idempotency-key-reused', status: 422, when: 'this Idempotency-Key was sent before with another body' },
  { slug: 'rate-limited', status: 429, when: 'the client’s read or write limit is spent; see Retry-After' },
  { slug: 'request-header-fields-too-large', status: 431, when: 'the request line and headers exceed the limit' },
  { slug: 'internal-server-error', status: 500, when: 'an unexpected error, logged by the service' },
  { slug: 'database-unavailable', status: 503, when: 'the database did not answer; see Retry-After' },
  { slug: 'authentication-unavailable', status: 503, when: 'the token’s keys could not be fetched; retry' },
  { slug: 'response-timeout', status: 503, when: 'the service did not answer within its time limit; see Retry-After' },
];
