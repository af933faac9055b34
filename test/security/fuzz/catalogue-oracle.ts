import { isbn13From } from '@app/books';
import type { BookBody } from './hostile-values';

/** A book as the API returns it. */
export type StoredBook = Record<string, unknown> & { id: string; version: number; isbn?: string };

const WRITABLE = ['title', 'authors', 'isbn', 'publishedYear', 'language', 'pageCount', 'description', 'tags'];

/** What the service must store for a valid body: the documented normalisation, nothing else. */
export function expectedContent(body: BookBody): Record<string, unknown> {
  const content: Record<string, unknown> = {
    title: (body.title as string).trim(),
    authors: (body.authors as string[]).map((a) => a.trim()),
    tags: [...new Set(((body.tags as string[] | undefined) ?? []).map((t) => t.trim().toLowerCase()))],
  };
  if (body.isbn != null) content.isbn = isbn13From(body.isbn as string);
  for (const field of ['publishedYear', 'language', 'pageCount', 'description']) {
    if (body[field] != null) content[field] = body[field];
  }
  return content;
}

/** The writable fields of a stored book, for comparison with `expectedContent`. */
export function contentOf(book: StoredBook): Record<string, unknown> {
  return Object.fromEntries(WRITABLE.filter((f) => book[f] !== undefined).map((f) => [f, book[f]]));
}

/** JSON with object keys sorted: equal for equal content, whatever the order of the fields. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The body of a valid book collides with another book's ISBN: the service must answer 409. */
export function isbnTakenByOther(body: BookBody, catalogue: StoredBook[], selfId?: string): boolean {
  if (body.isbn == null) return false;
  const isbn = isbn13From(body.isbn as string);
  return catalogue.some((b) => b.id !== selfId && b.isbn === isbn);
}
