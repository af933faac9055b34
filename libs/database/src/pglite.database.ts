import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { resolve } from 'node:path';
import { answerWithin } from './answer-within';
import { Database, Db, PoolStats } from './database';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import { withQueryTiming } from './query-timing';
import * as schema from './schema';

/** Embedded PostgreSQL (WASM) in this process: the zero-setup default. One connection, no pool. */
export class PgliteDatabase extends Database {
  readonly engine = 'pglite' as const;
  private readonly rootDb: Db;
  /** PGlite starts in the background (seconds on a cold start); queries wait for it. */
  private readonly started: Promise<void>;

  private constructor(private readonly client: PGlite) {
    super();
    this.rootDb = drizzle({ client: withQueryTiming(client, this.queryObservers), schema }) as unknown as Db;
    this.started = client.waitReady;
    // A failed start surfaces through ping() and close(), never as an unhandled rejection.
    this.started.catch(() => undefined);
  }

  get db(): Db {
    return this.currentTransaction ?? this.rootDb;
  }

  /** Starts PGlite without waiting for it; `dataDir` undefined keeps everything in memory. */
  static create(dataDir?: string): PgliteDatabase {
    return new PgliteDatabase(
      new PGlite({ dataDir: dataDir === undefined ? undefined : resolve(dataDir), extensions: { pg_trgm } }),
    );
  }

  /** Starts PGlite and waits until it is ready. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const database = PgliteDatabase.create(dataDir);
    await database.started;
    return database;
  }

  async migrate(): Promise<void> {
    await migrate(this.rootDb as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }

  async ping(timeoutMs: number): Promise<void> {
    // The start is local work, however slow: only the query itself is held to the timeout.
    await this.started;
    await answerWithin(this.client.query('SELECT 1'), timeoutMs);
  }

  poolStats(): PoolStats {
    return { total: 1, idle: 1, waiting: 0 };
  }

  async close(): Promise<void> {
    await this.started.catch(() => undefined);
    if (!this.client.closed) await this.client.close();
  }
}
