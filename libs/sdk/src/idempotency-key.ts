export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** A fresh key (a random UUID): one per logical operation, reused for each retry of it. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** Headers that make a create safe to send again: the server answers a repeat with the first result. */
export function idempotencyKey(key: string = newIdempotencyKey()): { 'Idempotency-Key': string } {
  return { [IDEMPOTENCY_KEY_HEADER]: key } as { 'Idempotency-Key': string };
}
