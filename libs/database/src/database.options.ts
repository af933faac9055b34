export const EMBEDDED_ENGINES = ['postgres', 'pglite'] as const;
export type EmbeddedEngine = (typeof EMBEDDED_ENGINES)[number];

export interface DatabaseOptions {
  /** Unset: the embedded engine, persisted in `dataDir`; `memory://`: embedded, ephemeral; else a PostgreSQL URL. */
  url?: string;
  dataDir: string;
  /** What serves `url` unset: a PostgreSQL child process (default) or PGlite in this process. */
  embeddedEngine?: EmbeddedEngine;
  /** Connections in the pool; unset: DEFAULT_POOL_SIZE for a server, EMBEDDED_POOL_SIZE for the embedded engine. */
  poolSize?: number;
  queryTimeoutMs: number;
  connectTimeoutMs: number;
  /** Apply pending migrations when the application starts. */
  migrateOnStart: boolean;
}

/** A shared server: enough connections for one replica's concurrent requests. */
export const DEFAULT_POOL_SIZE = 10;
/**
 * The embedded server serves one local user on the same machine as the service: each connection is a
 * PostgreSQL backend of 10–25 MB, and more than a few do not add throughput on a laptop's cores.
 */
export const EMBEDDED_POOL_SIZE = 4;

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
