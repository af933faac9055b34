// Adds a book with an API key. The Idempotency-Key makes a retry of the same create safe: the client retries
// 429/503 answers after their Retry-After, and the server answers a repeated key with the first result.
// Run: BOOK_LIBRARY_URL=… BOOK_LIBRARY_API_KEY=… npx tsx --tsconfig examples/tsconfig.json examples/create-book.ts
import { createBookLibraryClient, etagOf, idempotencyKey } from '@book-library/sdk';

const api = createBookLibraryClient({
  baseUrl: process.env.BOOK_LIBRARY_URL ?? 'http://127.0.0.1:8080',
  apiKey: process.env.BOOK_LIBRARY_API_KEY,
});

async function main(): Promise<void> {
  const { data, error, response } = await api.createBook({
    body: { title: 'Dune', authors: ['Frank Herbert'], isbn: '978-0-441-17271-9', publishedYear: 1965 },
    headers: idempotencyKey(),
  });
  if (error) {
    // A problem+json body: `status` and `detail` always; `errors` names each rejected field on a 400.
    throw new Error(`createBook answered ${response?.status}: ${JSON.stringify(error)}`);
  }
  process.stdout.write(`created ${data!.id} (ETag ${etagOf(response)})\n`);
}

void main();
