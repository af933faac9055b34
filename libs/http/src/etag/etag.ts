/** Entity tags are the resource version, quoted: strong, so they work with If-Match (RFC 9110 §8.8.3). */
export const etagFor = (version: number): string => `"${version}"`;

function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** If-Match uses the strong comparison: a weak tag never matches. */
export function ifMatchSatisfied(header: string | undefined, version: number): boolean {
  if (header === undefined) return true;
  const tags = entityTags(header);
  return tags.includes('*') || tags.includes(etagFor(version));
}

/** If-None-Match uses the weak comparison: `W/"3"` and `"3"` both name version 3. */
export function ifNoneMatchHit(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  const current = etagFor(version);
  return entityTags(header).some((tag) => tag === '*' || tag.replace(/^W\//, '') === current);
}
