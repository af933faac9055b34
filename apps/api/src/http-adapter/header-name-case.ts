/** Names whose usual spelling is not Title-Case by segment (RFC 9110 and the IETF drafts the API answers with). */
const SPELLINGS = new Map(
  ['ETag', 'WWW-Authenticate', 'X-Request-ID', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].map(
    (name) => [name.toLowerCase(), name],
  ),
);

/**
 * A lower-case header name as Express writes it (as the code spelled it: `ETag`, `Content-Type`), for
 * frameworks that write names in lower case (Fastify). Names are case-insensitive; clients that log or compare them see one form.
 */
export function headerNameCase(name: string): string {
  const lower = name.toLowerCase();
  return (
    SPELLINGS.get(lower) ??
    lower.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
  );
}
