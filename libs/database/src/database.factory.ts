import type { Database } from './database';
import type { DatabaseOptions } from './database.options';
import { PgliteDatabase } from './pglite.database';
import { PostgresDatabase } from './postgres.database';

export const MEMORY_URL = 'memory://';

/**
 * Chooses the engine from the URL: unset → PGlite on disk, memory:// → PGlite in memory, else
 * PostgreSQL. Returns at once: nothing is awaited, so the service can listen before its database is up.
 */
export function createDatabase(options: DatabaseOptions): Database {
  if (options.url === undefined) return PgliteDatabase.create(options.dataDir);
  if (options.url === MEMORY_URL) return PgliteDatabase.create();
  return PostgresDatabase.create({ ...options, url: options.url });
}

/** Like createDatabase, but waits for an embedded engine to start (scripts and tests). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url === undefined) return PgliteDatabase.open(options.dataDir);
  if (options.url === MEMORY_URL) return PgliteDatabase.open();
  return createDatabase(options);
}
