// The generated client is written against the Fetch API's own types (BodyInit among them), which only lib.dom declares.
/// <reference lib="dom" />
// The Book Library API SDK: the client generated from the contract, plus what the generator cannot express.
export * from './generated/index.js';
export { createBookLibraryClient, type BookLibraryClientOptions } from './book-library-client.js';
export { retryingFetch, retryAfterMs, type RetryOptions } from './retrying-fetch.js';
export { etagOf, ifMatch, ifNoneMatch } from './etag.js';
export { IDEMPOTENCY_KEY_HEADER, idempotencyKey, newIdempotencyKey } from './idempotency-key.js';
