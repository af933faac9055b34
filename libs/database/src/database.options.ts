export const EMBEDDED_ENGINES = ['postgres', 'pglite'] as const;
export type EmbeddedEngine = (typeof EMBEDDED_ENGINES)[number];

export interface DatabaseOptions {
  /** Unset: the embedded engine, persisted in `dataDir`; `memory://`: embedded, ephemeral; else a PostgreSQL URL. */
  url?: string;
  dataDir: string;
  /** What serves `url` unset: a PostgreSQL child process (default) or PGlite in this process. */
  embeddedEngine?: EmbeddedEngine;
  poolSize: number;
  queryTimeoutMs: number;
  connectTimeoutMs: number;
  /** Apply pending migrations when the application starts. */
  migrateOnStart: boolean;
}

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
