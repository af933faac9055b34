import type { BookContent } from '@app/books';
import type { Database } from '@app/database';
import { randomUUID } from 'node:crypto';
import { toRowValues } from '../../libs/books/src/book-row.mapper';
import { books } from '../../libs/books/src/books.table';

/** Rows per INSERT: 14 parameters a row keeps each statement far below PostgreSQL's 65,535. */
const ROWS_PER_INSERT = 1000;

/** Bulk-loads books for a benchmark or plan test (not the service's path): multi-row INSERTs in one transaction. */
export async function seedBooks(database: Database, contents: BookContent[]): Promise<void> {
  const now = new Date();
  const rows = contents.map((content) => ({
    ...toRowValues(content),
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    version: 1,
  }));
  await database.db.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      await tx.insert(books).values(rows.slice(start, start + ROWS_PER_INSERT));
    }
  });
}
