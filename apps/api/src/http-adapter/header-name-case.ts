/** Names whose usual spelling is not Title-Case by segment (RFC 9110 and the IETF drafts the API answers with). */
const SPELLINGS = new Map(
  ['ETag', 'WWW-Authenticate', 'X-Request-ID', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].map(
    (name) => [name.toLowerCase(), name],
  ),
);

/** Spellings already worked out, by the name as given: the service answers with a few dozen names. */
const spelled = new Map<string, string>();
const MAX_REMEMBERED = 256;

/**
 * A header name as Express writes it: a lower-case one as the code spelled it (`ETag`, `Content-Type`), any
 * other as it is. For frameworks that write names in lower case (Fastify). Names are case-insensitive;
 * clients that log or compare them see one form.
 */
export function headerNameCase(name: string): string {
  let spelling = spelled.get(name);
  if (spelling === undefined) {
    const lower = name.toLowerCase();
    spelling =
      name !== lower
        ? name
        : (SPELLINGS.get(lower) ??
          lower.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase()));
    if (spelled.size < MAX_REMEMBERED) spelled.set(name, spelling);
  }
  return spelling;
}
