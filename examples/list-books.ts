// Lists the catalogue a page at a time, following nextCursor.
// Run: BOOK_LIBRARY_URL=http://127.0.0.1:8080 npx tsx --tsconfig examples/tsconfig.json examples/list-books.ts
import { createBookLibraryClient } from '@book-library/sdk';

const api = createBookLibraryClient({ baseUrl: process.env.BOOK_LIBRARY_URL ?? 'http://127.0.0.1:8080' });

async function main(): Promise<void> {
  let cursor: string | undefined;
  for (let page = 1; page <= 5; page++) {
    const { data, error } = await api.listBooks({ query: { limit: 20, sort: 'title', cursor } });
    if (error) throw new Error(`listBooks failed: ${JSON.stringify(error)}`);
    for (const book of data!.items) process.stdout.write(`${book.title} (${book.authors.join(', ')})\n`);
    if (data!.nextCursor === null) return;
    cursor = data!.nextCursor;
  }
}

void main();
