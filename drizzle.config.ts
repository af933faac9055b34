import { defineConfig } from 'drizzle-kit';

// One migrations folder for both engines (PGlite and PostgreSQL); each table lives with the library that
// queries it. `npm run db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./libs/database/src/schema/index.ts', './libs/books/src/books.table.ts'],
  out: './libs/database/migrations',
});
