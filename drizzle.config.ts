import { defineConfig } from 'drizzle-kit';

// One schema, one migrations folder, for both engines (PGlite and PostgreSQL). `npm run db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/database/src/schema/index.ts',
  out: './libs/database/migrations',
});
