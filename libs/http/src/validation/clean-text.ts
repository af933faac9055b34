/**
 * Text PostgreSQL can store and give back unchanged: no NUL character (text columns reject it) and
 * no lone UTF-16 surrogate (it would be replaced on the way to UTF-8, changing what was accepted).
 */
export function isCleanText(value: unknown): value is string {
  return typeof value === 'string' && value.isWellFormed() && !value.includes('\u0000');
}

export const CLEAN_TEXT_MESSAGE = 'must be well-formed Unicode text without NUL characters';
