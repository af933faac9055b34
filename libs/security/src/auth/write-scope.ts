/** The scope a JWT needs for writes. */
export const WRITE_SCOPE = 'books:write';

/** The realm of every Bearer challenge the API sends. */
export const AUTH_REALM = 'book-library';
