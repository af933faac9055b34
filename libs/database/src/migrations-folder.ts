import { resolve } from 'node:path';

/** libs/database/migrations, next to src/ both in the source tree and in dist/ (the build copies it). */
export const MIGRATIONS_FOLDER = resolve(__dirname, '../migrations');

/** Serialises migrations across processes that start together against one PostgreSQL. */
export const MIGRATION_LOCK_KEY = 7_236_571_836;
