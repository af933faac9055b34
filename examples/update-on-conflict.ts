// Changes a book safely when others may change it too: the PATCH carries the ETag it was based on (If-Match);
// a 412 means someone else changed the book first, so re-read it, re-apply the change, and try again.
// Run: BOOK_LIBRARY_URL=… BOOK_LIBRARY_API_KEY=… BOOK_ID=… npx tsx --tsconfig examples/tsconfig.json examples/update-on-conflict.ts
import { type Book, createBookLibraryClient, etagOf, ifMatch } from '@book-library/sdk';

const api = createBookLibraryClient({
  baseUrl: process.env.BOOK_LIBRARY_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.BOOK_LIBRARY_API_KEY,
});

/** Adds a tag to the book, however many times it takes to apply it to its latest version (up to 5). */
async function addTag(id: string, tag: string): Promise<Book> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const read = await api.getBook({ path: { id } });
    if (read.error) throw new Error(`getBook answered ${read.response?.status}`);
    const tags = [...new Set([...read.data!.tags, tag])];
    const write = await api.updateBook({ path: { id }, body: { tags }, headers: ifMatch(etagOf(read.response)!) });
    if (write.response?.status === 412) continue; // changed since we read it: read again
    if (write.error) throw new Error(`updateBook answered ${write.response?.status}`);
    return write.data!;
  }
  throw new Error('the book kept changing: gave up after 5 attempts');
}

async function main(): Promise<void> {
  const id = process.env.BOOK_ID;
  if (!id) throw new Error('set BOOK_ID');
  const book = await addTag(id, process.env.TAG ?? 'favourite');
  process.stdout.write(`${book.title} is now version ${book.version}, tagged ${book.tags.join(', ')}\n`);
}

void main();
