import { catalogueSlice } from './catalogue';
import { contentRoles } from './sql-template';

// Bulk loading the catalogue with the benchmark's own SQL (the service writes one book at a time and has no
// bulk path): rows as JSON, turned into `books` rows by PostgreSQL itself, one statement per chunk.

/** Inserts the JSON array in $1 as rows of `books`; keys are the table's column names. */
export const INSERT_CATALOGUE_SQL = 'INSERT INTO books SELECT * FROM jsonb_populate_recordset(NULL::books, $1::jsonb)';

/** Books per statement: a few MB of JSON, well within one round trip. */
export const SEED_CHUNK = 5_000;

/** Catalogue books `start` … `start + count - 1` as `books` rows, created a millisecond apart from `createdAt`. */
export function catalogueRows(start: number, count: number, createdAt: Date): Array<Record<string, unknown>> {
  return catalogueSlice(start, count).map((book, i) => {
    const roles = contentRoles(book);
    const at = new Date(createdAt.getTime() + start + i).toISOString();
    return {
      id: crypto.randomUUID(),
      title: book.title,
      authors: book.authors,
      isbn: book.isbn,
      published_year: book.publishedYear,
      language: book.language,
      page_count: book.pageCount,
      description: book.description,
      tags: roles.tags,
      author_keys: roles.authorKeys,
      search_text: roles.searchText,
      created_at: at,
      updated_at: at,
      version: 1,
    };
  });
}

/** Seeds `count` catalogue books through `execute` (one INSERT per chunk), reporting progress between chunks. */
export async function seedCatalogue(
  execute: (sql: string, params: unknown[]) => Promise<unknown>,
  count: number,
  progress: (done: number) => void = () => undefined,
  createdAt = new Date(Date.now() - count),
): Promise<void> {
  for (let start = 0; start < count; start += SEED_CHUNK) {
    const rows = catalogueRows(start, Math.min(SEED_CHUNK, count - start), createdAt);
    await execute(INSERT_CATALOGUE_SQL, [JSON.stringify(rows)]);
    progress(Math.min(start + SEED_CHUNK, count));
  }
}
