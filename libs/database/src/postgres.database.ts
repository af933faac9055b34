import { Logger } from '@nestjs/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Client, Pool, PoolClient } from 'pg';
import { answerWithin } from './answer-within';
import { Database, Db, PoolStats } from './database';
import { DEFAULT_POOL_SIZE, type DatabaseOptions } from './database.options';
import { isDatabaseUnavailable } from './database-unavailable';
import { DatabaseUnavailableError } from './errors/database-unavailable.error';
import { MIGRATIONS_FOLDER, MIGRATION_LOCK_KEY } from './migrations-folder';
import { withQueryTiming } from './query-timing';
import * as schema from './schema';

/** A PostgreSQL server through a `pg` pool: the production engine. */
export class PostgresDatabase extends Database {
  readonly engine = 'postgres' as const;
  private readonly rootDb: Db;
  private readonly logger = new Logger('Database');

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    private readonly connectionTimeoutMs = 10_000,
  ) {
    super();
    // An idle client losing its connection must not crash the process: the pool replaces it.
    pool.on('error', (error) => this.logger.warn({ err: error }, 'Idle database connection failed'));
    this.rootDb = drizzle({ client: withQueryTiming(pool, this.queryObservers), schema }) as unknown as Db;
  }

  get db(): Db {
    return this.currentTransaction ?? this.rootDb;
  }

  /**
   * No connection is opened here: the pool connects on demand, so it recovers by itself once the
   * server is back. Every wait is bounded by the query timeout: for a connection, for a statement
   * on the server (statement_timeout) and for its answer on the client (query_timeout).
   */
  static create(options: DatabaseOptions & { url: string }): PostgresDatabase {
    return new PostgresDatabase(PostgresDatabase.createPool(options), options.url, options.queryTimeoutMs);
  }

  protected static createPool(options: DatabaseOptions & { url: string }): Pool {
    return new Pool({
      connectionString: options.url,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: options.queryTimeoutMs,
      statement_timeout: options.queryTimeoutMs,
      query_timeout: options.queryTimeoutMs,
      idleTimeoutMillis: 30_000,
      // TCP keep-alive: a server that vanished without a reset is noticed on idle connections too.
      keepAlive: true,
      application_name: 'book-library-api',
    });
  }

  protected override async beginTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      // The pool fails to hand out a connection only when it cannot open one (or is closed).
      throw new DatabaseUnavailableError(error);
    }
    let broken: Error | undefined;
    // Checked out, the client has no pool listener: a connection lost between two statements of the
    // transaction would be an unhandled 'error' event and crash the process (found by test/chaos).
    const onLost = (error: Error) => (broken = error);
    client.on('error', onLost);
    try {
      const db = drizzle({ client: withQueryTiming(client, this.queryObservers), schema }) as unknown as Db;
      return await db.transaction((tx) => work(tx as unknown as Db));
    } catch (error) {
      if (isDatabaseUnavailable(error)) broken = error as Error;
      throw error;
    } finally {
      client.off('error', onLost);
      // A connection that failed is destroyed rather than handed to the next request.
      client.release(broken);
    }
  }

  async migrate(): Promise<void> {
    // A session-level advisory lock on its own connection: replicas starting together wait here,
    // then find the migrations applied and do nothing.
    const lock = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.connectionTimeoutMs,
      application_name: 'book-library-api-migrate',
    });
    // A lost connection is reported through the pending query; unhandled, the event would crash the process.
    lock.on('error', () => undefined);
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migrate(this.rootDb as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await lock.end().catch(() => undefined);
    }
  }

  async ping(timeoutMs: number): Promise<void> {
    // Bounds the wait for a connection as well as the query (a busy pool must not stall readiness).
    await answerWithin(this.pool.query('SELECT 1'), timeoutMs);
  }

  poolStats(): PoolStats {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
