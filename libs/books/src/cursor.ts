import { ValidationFailedError } from '@app/http';
import { createHash } from 'node:crypto';
import type { BookFilters } from './book-filters';
import type { KeysetOrder, SortParam } from './book-sort';
import { MAX_CURSOR_LENGTH } from './dto/book-rules';

/**
 * Where the previous page ended: the sort key of its last row and that row's id (the tie-breaker). A
 * title key too long for a cursor is cut to a prefix (`keyIsPrefix`): the repository then reads the full
 * key from the row with that id.
 */
export interface CursorPosition {
  key: string | number;
  id: string;
  keyIsPrefix?: boolean;
}

interface CursorPayload {
  s: SortParam;
  f: string;
  k: string | number;
  i: string;
  /** Present (1) when `k` is a prefix of the sort key. */
  p?: 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Bytes of JSON a key may take in a cursor. With the rest of the payload (under 100 bytes) and base64's
 * 4/3, a cursor stays under 820 characters whatever the title: a 300-character title can take 1,800.
 */
export const MAX_KEY_BYTES = 512;

const jsonBytes = (value: string) => Buffer.byteLength(JSON.stringify(value));

/** The key itself when it fits MAX_KEY_BYTES, else its longest prefix (whole code points) that does. */
function boundedKey(key: string): { key: string; keyIsPrefix: boolean } {
  if (jsonBytes(key) <= MAX_KEY_BYTES) return { key, keyIsPrefix: false };
  let prefix = '';
  for (const char of key) {
    if (jsonBytes(prefix + char) > MAX_KEY_BYTES) break;
    prefix += char;
  }
  return { key: prefix, keyIsPrefix: true };
}

/** A short digest of the filters, so a cursor cannot be replayed against a different listing. */
function fingerprint(filters: BookFilters): string {
  const canonical = JSON.stringify(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

export function encodeCursor(order: KeysetOrder, filters: BookFilters, position: CursorPosition): string {
  const { key, keyIsPrefix } =
    typeof position.key === 'string' ? boundedKey(position.key) : { key: position.key, keyIsPrefix: false };
  const payload: CursorPayload = { s: order.sort, f: fingerprint(filters), k: key, i: position.id };
  if (keyIsPrefix) payload.p = 1;
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

const invalid = (message: string) => new ValidationFailedError([{ field: 'cursor', message }]);

function isValidKey(order: KeysetOrder, key: unknown): key is string | number {
  switch (order.field) {
    case 'publishedYear':
      return Number.isSafeInteger(key);
    case 'createdAt':
      return typeof key === 'string' && !Number.isNaN(Date.parse(key));
    case 'title':
      return typeof key === 'string' && jsonBytes(key) <= MAX_KEY_BYTES;
  }
}

/** Decodes a cursor from `encodeCursor`; anything else is a 400 naming the `cursor` field. */
export function decodeCursor(raw: string, order: KeysetOrder, filters: BookFilters): CursorPosition {
  if (raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid('is not a cursor from this API');
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<CursorPayload>;
  } catch {
    throw invalid('is not a cursor from this API');
  }
  if (typeof payload !== 'object' || payload === null || typeof payload.i !== 'string' || !UUID.test(payload.i)) {
    throw invalid('is not a cursor from this API');
  }
  if (payload.s !== order.sort) throw invalid(`was issued for sort=${String(payload.s)}; keep the same sort to page`);
  if (payload.f !== fingerprint(filters))
    throw invalid('was issued for different filters; keep the same filters to page');
  if (!isValidKey(order, payload.k)) throw invalid('is not a cursor from this API');
  if (payload.p === undefined) return { key: payload.k, id: payload.i };
  if (payload.p !== 1 || order.field !== 'title') throw invalid('is not a cursor from this API');
  return { key: payload.k, id: payload.i, keyIsPrefix: true };
}
