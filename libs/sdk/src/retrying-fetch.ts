/** How the client retries an answer that says "not now": 429 Too Many Requests and 503 Service Unavailable. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2); 0 turns retrying off. */
  maxRetries?: number;
  /** Longest wait the client accepts; a longer Retry-After ends the retries and returns that answer (default 10 s). */
  maxDelayMs?: number;
  /** Wait when the answer has no usable Retry-After (default 1 s). */
  defaultDelayMs?: number;
  /** How to wait; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}

const RETRIABLE_STATUSES = new Set([429, 503]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Milliseconds to wait for a Retry-After value (delta-seconds or an HTTP-date, RFC 9110 §10.2.3); undefined if unusable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always ends in GMT (IMF-fixdate and the obsolete forms alike); Date.parse alone takes "-1".
  const date = trimmed.endsWith('GMT') ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A 429 was refused before any work was done, so any request may be sent again; a 503 may have come
 * mid-way, so only a request that is safe to repeat is: an idempotent method or one with an Idempotency-Key.
 */
function mayRetry(request: Request, status: number): boolean {
  if (status === 429) return true;
  return IDEMPOTENT_METHODS.has(request.method) || request.headers.has('Idempotency-Key');
}

/** Wraps `fetch` so 429 and 503 answers are retried after their Retry-After, a bounded number of times. */
export function retryingFetch(
  baseFetch: typeof fetch,
  options: RetryOptions = {},
): (request: Request) => Promise<Response> {
  const {
    maxRetries = 2,
    maxDelayMs = 10_000,
    defaultDelayMs = 1_000,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  } = options;
  return async (request) => {
    for (let retry = 0; ; retry++) {
      // The body of a Request can be read once: every attempt sends a fresh copy.
      const response = await baseFetch(request.clone());
      if (retry >= maxRetries || !RETRIABLE_STATUSES.has(response.status) || !mayRetry(request, response.status)) {
        return response;
      }
      const delay = retryAfterMs(response.headers.get('Retry-After')) ?? defaultDelayMs;
      if (delay > maxDelayMs) return response;
      await response.body?.cancel();
      await sleep(delay);
    }
  };
}
