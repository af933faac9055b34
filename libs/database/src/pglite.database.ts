import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { resolve } from 'node:path';
import { Database, Db, PoolStats } from './database';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import { withQueryTiming } from './query-timing';
import * as schema from './schema';

/** Embedded PostgreSQL (WASM) in this process: the zero-setup default. One connection, no pool. */
export class PgliteDatabase extends Database {
  readonly engine = 'pglite' as const;
  readonly db: Db;

  private constructor(private readonly client: PGlite) {
    super();
    this.db = drizzle({ client: withQueryTiming(client, this.queryObservers), schema }) as unknown as Db;
  }

  /** `dataDir` undefined keeps everything in memory. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const client = await PGlite.create({
      dataDir: dataDir === undefined ? undefined : resolve(dataDir),
      extensions: { pg_trgm },
    });
    return new PgliteDatabase(client);
  }

  async migrate(): Promise<void> {
    await migrate(this.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }

  async ping(): Promise<void> {
    await this.client.query('SELECT 1');
  }

  poolStats(): PoolStats {
    return { total: 1, idle: 1, waiting: 0 };
  }

  async close(): Promise<void> {
    if (!this.client.closed) await this.client.close();
  }
}
