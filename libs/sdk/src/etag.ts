/** The entity tag of a response (the book's version, quoted), to send back as If-Match or If-None-Match. */
export function etagOf(response: Response | undefined): string | undefined {
  return response?.headers.get('ETag') ?? undefined;
}

/** Headers for a conditional write: applied only if the book still has this entity tag (412 otherwise). */
export function ifMatch(etag: string): { 'If-Match': string } {
  return { 'If-Match': etag };
}

/** Headers for a conditional read: 304 Not Modified while the book still has this entity tag. */
export function ifNoneMatch(etag: string): { 'If-None-Match': string } {
  return { 'If-None-Match': etag };
}
