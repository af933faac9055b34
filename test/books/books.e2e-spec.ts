import request from 'supertest';
import { createBookLibraryClient } from '../../libs/sdk/src';
import { createTestApp } from '../support/test-app';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { BOOKS_API_ENV, booksApiSuite, BooksApiTarget, E2E_API_KEY } from './books-api.suite';

// The books API as a consumer sees it: the generated SDK against the real app listening on loopback.
describe('Books API over HTTP on PGlite', () => booksApiSuite(() => listening({}, async () => undefined)));

describePostgres('Books API over HTTP on PostgreSQL', () =>
  booksApiSuite(async () => {
    const db: TestDatabase = await createTestDatabase();
    return listening({ DATABASE_URL: db.url }, () => db.drop());
  }),
);

/** The real app on the given database, listening on a free loopback port. */
async function listening(env: Record<string, string>, cleanup: () => Promise<void>): Promise<BooksApiTarget> {
  const app = await createTestApp({ ...BOOKS_API_ENV, ...env });
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const http = request.agent(baseUrl).set('X-API-Key', E2E_API_KEY);
  return {
    api: createBookLibraryClient({ baseUrl, apiKey: E2E_API_KEY, retry: false }),
    http,
    direct: http,
    close: async () => {
      await app.close();
      await cleanup();
    },
  };
}
