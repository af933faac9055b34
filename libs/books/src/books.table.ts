import { getTableColumns, sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

// The books table, beside the repository whose sort and filter expressions its indexes must match;
// drizzle-kit reads it from here (drizzle.config.ts) into libs/database/migrations.

/** Sort key for publishedYear: undated books sort as the oldest (first ascending, last descending). */
export const PUBLISHED_YEAR_SORT_NULL = -2147483648;

export const books = pgTable(
  'books',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    authors: text('authors').array().notNull(),
    isbn: varchar('isbn', { length: 13 }),
    publishedYear: integer('published_year'),
    language: varchar('language', { length: 2 }),
    pageCount: integer('page_count'),
    description: text('description'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // Derived columns, written by the repository, so that filters can use plain indexes.
    authorKeys: text('author_keys').array().notNull(),
    searchText: text('search_text').notNull(),
    // Millisecond precision: exactly what a JavaScript Date holds, so cursors round-trip.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('books_isbn_key').on(t.isbn),
    index('books_created_at_id_idx').on(t.createdAt, t.id),
    index('books_title_sort_idx').on(sql`lower(${t.title})`, t.id),
    index('books_published_year_sort_idx').on(
      sql`coalesce(${t.publishedYear}, ${sql.raw(String(PUBLISHED_YEAR_SORT_NULL))})`,
      t.id,
    ),
    index('books_language_idx').on(t.language),
    index('books_tags_idx').using('gin', t.tags),
    index('books_author_keys_idx').using('gin', t.authorKeys),
    index('books_search_text_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
);

/** What a read selects: every column but the derived search columns, which only the filters need. */
export function bookColumns() {
  const { authorKeys: _authorKeys, searchText: _searchText, ...columns } = getTableColumns(books);
  return columns;
}
