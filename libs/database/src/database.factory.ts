import type { Database } from './database';
import type { DatabaseOptions } from './database.options';
import { EmbeddedPostgresDatabase } from './embedded-postgres.database';
import { PostgresDatabase } from './postgres.database';

export const MEMORY_URL = 'memory://';

/** PGlite, loaded only for memory:// or EMBEDDED_ENGINE=pglite: every other start-up would pay for it. */
function pglite(): typeof import('./pglite.database').PgliteDatabase {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./pglite.database') as typeof import('./pglite.database')).PgliteDatabase;
}

/**
 * Chooses the engine from the URL: unset → the embedded engine on DATA_DIR (a PostgreSQL child
 * process, or PGlite when `embeddedEngine` says so), memory:// → PGlite in memory (tests), else
 * PostgreSQL. Returns at once: nothing is awaited, so the service can listen before its database is up.
 */
export function createDatabase(options: DatabaseOptions): Database {
  if (options.url === undefined) {
    return options.embeddedEngine === 'pglite'
      ? pglite().create(options.dataDir)
      : EmbeddedPostgresDatabase.create(options);
  }
  if (options.url === MEMORY_URL) return pglite().create();
  return PostgresDatabase.create({ ...options, url: options.url });
}

/** Like createDatabase, but waits for an embedded engine to start (scripts and tests). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url === undefined) {
    return options.embeddedEngine === 'pglite'
      ? pglite().open(options.dataDir)
      : EmbeddedPostgresDatabase.open(options);
  }
  if (options.url === MEMORY_URL) return pglite().open();
  return createDatabase(options);
}
