import { SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { AsyncLocalStorage } from 'node:async_hooks';
import { latestMigrationMillis } from './migrations-folder';
import type { QueryObserver } from './query-timing';
import type * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * The port every repository depends on: a drizzle database over PostgreSQL, whichever engine runs
 * it (PGlite in process, or a server through a `pg` pool). It doubles as the DI token.
 */
export abstract class Database {
  abstract readonly engine: 'pglite' | 'postgres';
  /** What repositories query: engines answer with the current transaction (see `transaction`) when there is one. */
  abstract readonly db: Db;

  private readonly transactionScope = new AsyncLocalStorage<Db>();

  /** The transaction `transaction()` opened for the current async context, if any. */
  protected get currentTransaction(): Db | undefined {
    return this.transactionScope.getStore();
  }

  /**
   * Runs `work` in one transaction: every query it makes through `db` (so through any repository)
   * commits or rolls back together. Nested calls join the outer transaction.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.currentTransaction) return work();
    return this.beginTransaction((tx) => this.transactionScope.run(tx, work));
  }

  /**
   * Runs `work` so that its failure leaves the current transaction usable: inside a transaction it is
   * a savepoint, rolled back alone (a repository can then still query, e.g. after a unique violation);
   * outside one it just runs, a single statement being atomic by itself.
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const transaction = this.currentTransaction;
    return transaction ? transaction.transaction(() => work()) : work();
  }

  /** Opens a transaction for `work`; an engine with a pool overrides it to manage the connection. */
  protected beginTransaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(tx as unknown as Db));
  }

  /** Applies pending migrations; safe when several processes call it at once. */
  abstract migrate(): Promise<void>;

  /** True when every migration of this build is applied (by this process or by a migration job). */
  async migrationsApplied(): Promise<boolean> {
    const rows = async <T>(query: SQL) => ((await this.db.execute(query)) as unknown as { rows: T[] }).rows;
    const [table] = await rows<{ exists: boolean }>(
      sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS "exists"`,
    );
    if (!table?.exists) return false;
    const [applied] = await rows<{ latest: string | number | null }>(
      sql`SELECT max(created_at) AS "latest" FROM drizzle.__drizzle_migrations`,
    );
    // drizzle applies every migration newer than the latest one recorded, so this is its own test.
    return Number(applied?.latest ?? 0) >= latestMigrationMillis();
  }

  /** Resolves when the database answers `SELECT 1` within `timeoutMs`; rejects otherwise. */
  abstract ping(timeoutMs: number): Promise<void>;

  abstract poolStats(): PoolStats;

  abstract close(): Promise<void>;

  /** Told about every query run through `db`: the hook for query-duration metrics. */
  protected readonly queryObservers: QueryObserver[] = [];

  observeQueries(observer: QueryObserver): void {
    this.queryObservers.push(observer);
  }
}
