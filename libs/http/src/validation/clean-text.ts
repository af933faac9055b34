/**
 * Text PostgreSQL can store and give back unchanged: no NUL character (text columns reject it), no
 * lone UTF-16 surrogate (it would be replaced on the way to UTF-8, changing what was accepted) and no
 * leading byte-order mark (a UTF-8 decoder drops it on the way back: found by test/security/fuzz).
 */
export function isCleanText(value: unknown): value is string {
  return typeof value === 'string' && value.isWellFormed() && !value.includes('\u0000') && !value.startsWith('\ufeff');
}

export const CLEAN_TEXT_MESSAGE =
  'must be well-formed Unicode text without NUL characters or a leading byte-order mark';
