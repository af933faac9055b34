import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
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
  abstract readonly db: Db;
  abstract readonly engine: 'pglite' | 'postgres';

  /** Applies pending migrations; safe when several processes call it at once. */
  abstract migrate(): Promise<void>;

  /** Resolves when the database answers `SELECT 1` within `timeoutMs`. */
  abstract ping(timeoutMs: number): Promise<void>;

  abstract poolStats(): PoolStats;

  abstract close(): Promise<void>;

  /** Told about every query run through `db`: the hook for query-duration metrics. */
  protected readonly queryObservers: QueryObserver[] = [];

  observeQueries(observer: QueryObserver): void {
    this.queryObservers.push(observer);
  }
}
