/* eslint-disable security/detect-non-literal-fs-filename -- paths come from DATA_DIR (configuration) and the installed package, never from a request */
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataDirLock } from './data-dir-lock';
import { EMBEDDED_POOL_SIZE, type DatabaseOptions } from './database.options';
import { PostgresDatabase } from './postgres.database';
import { PostgresServer } from './postgres-server';

/**
 * The zero-setup default: a real PostgreSQL started as a child process on DATA_DIR, reached over a
 * private Unix socket through the same `pg` pool as production. One process per DATA_DIR (DataDirLock).
 */
export class EmbeddedPostgresDatabase extends PostgresDatabase {
  /** Starts in the background (initdb on first use); queries and migrations wait for it. */
  private readonly started: Promise<void>;
  private lock: DataDirLock | undefined;

  private constructor(
    options: DatabaseOptions & { url: string },
    private readonly server: PostgresServer,
    dataDir: string,
  ) {
    const pool = PostgresDatabase.createPool(options);
    super(pool, options.url, options.queryTimeoutMs);
    this.started = this.startServer(dataDir);
    // A failed start surfaces through ping() and migrate(), never as an unhandled rejection.
    this.started.catch(() => undefined);
  }

  /** Starts the server without waiting for it. */
  static override create(options: DatabaseOptions): EmbeddedPostgresDatabase {
    const dataDir = resolve(options.dataDir);
    const poolSize = options.poolSize ?? EMBEDDED_POOL_SIZE;
    const server = new PostgresServer({ dataDir, maxConnections: poolSize });
    const url = `postgresql://postgres@${encodeURIComponent(server.socketDir)}/postgres`;
    return new EmbeddedPostgresDatabase({ ...options, poolSize, url }, server, dataDir);
  }

  /** Starts the server and waits until it accepts connections. */
  static async open(options: DatabaseOptions): Promise<EmbeddedPostgresDatabase> {
    const database = EmbeddedPostgresDatabase.create(options);
    await database.started;
    return database;
  }

  private async startServer(dataDir: string): Promise<void> {
    // Nothing may touch the cluster before the lock is ours: a second process stops here.
    this.lock = await DataDirLock.acquire(dataDir);
    if (existsSync(join(dataDir, 'PG_VERSION')) && !existsSync(this.server.pgData)) {
      new Logger('Database').warn(
        `${dataDir} holds a PGlite database from an earlier version; it is left as it is and a new ` +
          'PostgreSQL cluster is created beside it (EMBEDDED_ENGINE=pglite serves the old one)',
      );
    }
    await this.server.start();
  }

  override async migrate(): Promise<void> {
    await this.started;
    await super.migrate();
  }

  override async ping(timeoutMs: number): Promise<void> {
    // The start is local work (initdb on first use): only the query itself is held to the timeout.
    await this.started;
    await super.ping(timeoutMs);
  }

  /** After the HTTP drain (DatabaseModule's shutdown hook): the pool, then the server, then the lock. */
  override async close(): Promise<void> {
    await this.started.catch(() => undefined);
    await super.close();
    await this.server.stop();
    await this.lock?.release();
  }
}
