import type { BookContent } from './book';
import type { books } from './books.table';

type BookRowValues = Omit<typeof books.$inferInsert, 'id' | 'createdAt' | 'updatedAt' | 'version'>;

// The storage boundary of the Book: content → the columns a write sets. A read selects the table's
// book columns (`bookColumns`), which already are a Book.

/** The content plus the columns derived from it, so that `q` and `author` filters are served by GIN indexes. */
export function toRowValues(content: BookContent): BookRowValues {
  return {
    ...content,
    authorKeys: content.authors.map((a) => a.toLowerCase()),
    searchText: [content.title, ...content.authors].join('\n').toLowerCase(),
  };
}
