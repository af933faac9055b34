import { ValidationFailedError } from '@app/http';
import { createHash } from 'node:crypto';
import type { BookFilters } from './book-filters';
import type { KeysetOrder, SortParam } from './book-sort';

/** Where the previous page ended: the sort key of its last row and that row's id (the tie-breaker). */
export interface CursorPosition {
  key: string | number;
  id: string;
}

interface CursorPayload {
  s: SortParam;
  f: string;
  k: string | number;
  i: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CURSOR_LENGTH = 1024;

/** A short digest of the filters, so a cursor cannot be replayed against a different listing. */
function fingerprint(filters: BookFilters): string {
  const canonical = JSON.stringify(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

export function encodeCursor(order: KeysetOrder, filters: BookFilters, position: CursorPosition): string {
  const payload: CursorPayload = { s: order.sort, f: fingerprint(filters), k: position.key, i: position.id };
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
      return typeof key === 'string';
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
  return { key: payload.k, id: payload.i };
}
