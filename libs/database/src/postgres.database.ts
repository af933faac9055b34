import { Logger } from '@nestjs/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client, Pool } from 'pg';
import { Database, Db, PoolStats } from './database';
import type { DatabaseOptions } from './database.options';
import { MIGRATIONS_FOLDER, MIGRATION_LOCK_KEY } from './migrations-folder';
import { withQueryTiming } from './query-timing';
import * as schema from './schema';

/** A PostgreSQL server through a `pg` pool: the production engine. */
export class PostgresDatabase extends Database {
  readonly engine = 'postgres' as const;
  readonly db: Db;
  private readonly logger = new Logger('Database');

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
  ) {
    super();
    // An idle client losing its connection must not crash the process: the pool replaces it.
    pool.on('error', (error) => this.logger.warn({ err: error }, 'Idle database connection failed'));
    this.db = drizzle({ client: withQueryTiming(pool, this.queryObservers), schema }) as unknown as Db;
  }

  static create(options: DatabaseOptions & { url: string }): PostgresDatabase {
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize,
      connectionTimeoutMillis: options.queryTimeoutMs,
      statement_timeout: options.queryTimeoutMs,
      query_timeout: options.queryTimeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'book-library-api',
    });
    return new PostgresDatabase(pool, options.url);
  }

  async migrate(): Promise<void> {
    // A session-level advisory lock on its own connection: replicas starting together wait here,
    // then find the migrations applied and do nothing.
    const lock = new Client({ connectionString: this.url, application_name: 'book-library-api-migrate' });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migrate(this.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await lock.end();
    }
  }

  async ping(timeoutMs: number): Promise<void> {
    await this.pool.query({ text: 'SELECT 1', query_timeout: timeoutMs } as never);
  }

  poolStats(): PoolStats {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
