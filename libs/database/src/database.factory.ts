import type { Database } from './database';
import type { DatabaseOptions } from './database.options';
import { EmbeddedPostgresDatabase } from './embedded-postgres.database';
import { PgliteDatabase } from './pglite.database';
import { PostgresDatabase } from './postgres.database';

export const MEMORY_URL = 'memory://';

/**
 * Chooses the engine from the URL: unset → the embedded engine on DATA_DIR (a PostgreSQL child
 * process, or PGlite when `embeddedEngine` says so), memory:// → PGlite in memory (tests), else
 * PostgreSQL. Returns at once: nothing is awaited, so the service can listen before its database is up.
 */
export function createDatabase(options: DatabaseOptions): Database {
  if (options.url === undefined) {
    return options.embeddedEngine === 'pglite'
      ? PgliteDatabase.create(options.dataDir)
      : EmbeddedPostgresDatabase.create(options);
  }
  if (options.url === MEMORY_URL) return PgliteDatabase.create();
  return PostgresDatabase.create({ ...options, url: options.url });
}

/** Like createDatabase, but waits for an embedded engine to start (scripts and tests). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url === undefined) {
    return options.embeddedEngine === 'pglite'
      ? PgliteDatabase.open(options.dataDir)
      : EmbeddedPostgresDatabase.open(options);
  }
  if (options.url === MEMORY_URL) return PgliteDatabase.open();
  return createDatabase(options);
}
