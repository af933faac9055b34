import type { books } from './books.table';

/**
 * A book of the catalogue, as the service and repository see it: the table's row without the derived
 * search columns. Absent optional fields are null.
 */
export type Book = Omit<typeof books.$inferSelect, 'authorKeys' | 'searchText'>;

/** The eight fields a client writes, in the contract's order: the one list the mappers walk. */
export const BOOK_FIELDS = [
  'title',
  'authors',
  'isbn',
  'publishedYear',
  'language',
  'pageCount',
  'description',
  'tags',
] as const satisfies ReadonlyArray<keyof Book>;
export type BookField = (typeof BOOK_FIELDS)[number];

/** The fields a client writes: what create and full replace take, already normalised. */
export type BookContent = Pick<Book, BookField>;
