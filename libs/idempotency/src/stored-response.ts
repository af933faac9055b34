/** A response kept for an Idempotency-Key: what a retry with that key gets again. */
export interface StoredResponse {
  status: number;
  /** The headers that describe the result (Location, ETag …), not per-request ones. */
  headers: Record<string, string>;
  /** The body exactly as sent (JSON text; '' for none). */
  body: string;
}

/** Which request a key belongs to: keys are scoped to the client and the operation. */
export interface KeyScope {
  client: string;
  method: string;
  path: string;
  key: string;
}
