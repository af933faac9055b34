import { ValidationFailedError } from '@app/http';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Printable ASCII (what an sf-string may hold), 1 to 255 characters. */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

const invalid = (message: string) => new ValidationFailedError([{ field: IDEMPOTENCY_KEY_HEADER, message }]);

/**
 * The key of an `Idempotency-Key` header, or undefined when there is none. The draft defines the
 * value as a structured-field string (`"8e03978e-…"`); a bare token is accepted too, as most clients
 * send one. Anything else is a 400 naming the header.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw invalid('must be sent once');
  const key = header.length >= 2 && header.startsWith('"') && header.endsWith('"') ? unquote(header) : header;
  if (key === undefined || !VALID_KEY.test(key)) {
    throw invalid(`must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`);
  }
  return key;
}

/** The content of an sf-string (RFC 8941 §3.3.3): `\"` and `\\` are its only escapes, a bare `"` ends it. */
function unquote(quoted: string): string | undefined {
  let content = '';
  for (let i = 1; i < quoted.length - 1; i++) {
    let char = quoted.charAt(i);
    if (char === '"') return undefined;
    if (char === '\\') {
      char = quoted.charAt(++i);
      // An escape needs a character after it, before the closing quote.
      if (i === quoted.length - 1 || (char !== '"' && char !== '\\')) return undefined;
    }
    content += char;
  }
  return content;
}
