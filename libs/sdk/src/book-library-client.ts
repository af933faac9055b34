import { createClient, createConfig } from './generated/client/index.js';
import { BookLibraryApi } from './generated/sdk.gen.js';
import { type RetryOptions, retryingFetch } from './retrying-fetch.js';

export interface BookLibraryClientOptions {
  /** Where the API is served, e.g. `https://books.example.org` (paths such as /api/v1/books are added). */
  baseUrl: string;
  /** API key for writes, sent as `X-API-Key`. */
  apiKey?: string;
  /** Bearer token (JWT) for writes, sent as `Authorization: Bearer …`; used instead of `apiKey` when both are set. */
  bearerToken?: string;
  /** Retries of 429/503 answers, honouring Retry-After; `false` sends every request once. */
  retry?: RetryOptions | false;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** The Fetch implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

function credentialHeaders({ apiKey, bearerToken }: BookLibraryClientOptions): Record<string, string> {
  if (bearerToken !== undefined) return { Authorization: `Bearer ${bearerToken}` };
  if (apiKey !== undefined) return { 'X-API-Key': apiKey };
  return {};
}

/**
 * The generated client (one method per operation of the contract), configured for one server.
 * Every call resolves to `{ data, error, response }`: `error` is the problem+json body of a 4xx/5xx.
 */
export function createBookLibraryClient(options: BookLibraryClientOptions): BookLibraryApi {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const client = createClient(
    createConfig({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: { ...options.headers, ...credentialHeaders(options) },
      fetch: options.retry === false ? baseFetch : (retryingFetch(baseFetch, options.retry) as typeof fetch),
    }),
  );
  return new BookLibraryApi({ client });
}
