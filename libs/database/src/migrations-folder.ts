import { readMigrationFiles } from 'drizzle-orm/migrator';
import { resolve } from 'node:path';

/** libs/database/migrations, next to src/ both in the source tree and in dist/ (the build copies it). */
export const MIGRATIONS_FOLDER = resolve(__dirname, '../migrations');

/** Serialises migrations across processes that start together against one PostgreSQL. */
export const MIGRATION_LOCK_KEY = 7_236_571_836;

let latest: number | undefined;

/** Timestamp of the newest migration of this build (drizzle records it as `created_at` once applied). */
export function latestMigrationMillis(): number {
  latest ??= Math.max(0, ...readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.folderMillis));
  return latest;
}
