export interface DatabaseOptions {
  /** Unset: embedded PGlite persisted in `dataDir`; `memory://`: embedded, ephemeral; else a PostgreSQL URL. */
  url?: string;
  dataDir: string;
  poolSize: number;
  queryTimeoutMs: number;
  connectTimeoutMs: number;
  /** Apply pending migrations when the application starts. */
  migrateOnStart: boolean;
}

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');
