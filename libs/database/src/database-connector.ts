import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Database } from './database';
import { DATABASE_OPTIONS, DatabaseOptions } from './database.options';
import { describeDatabaseError, isDatabaseUnavailable } from './database-unavailable';
import { DatabaseStartupError } from './errors/database-startup.error';

const FIRST_RETRY_DELAY_MS = 200;
const MAX_RETRY_DELAY_MS = 5_000;

/** Exponential backoff with jitter: about 200 ms, 400 ms, 800 ms … up to 5 s, each between half and all of it. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** Math.min(attempt - 1, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Brings the database up in the background, so the service listens (and answers /health) at once:
 * connects with backoff, applies migrations when `migrateOnStart`, and reports its progress to
 * readiness. After `connectTimeoutMs` without a connection, `ready` rejects and the caller gives up.
 */
@Injectable()
export class DatabaseConnector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private readonly stopped = new AbortController();
  private connected = false;
  private migrated = false;
  private settle!: { resolve: () => void; reject: (error: DatabaseStartupError) => void };

  /**
   * Resolves once the database answered (and was migrated when `migrateOnStart`); rejects with a
   * DatabaseStartupError when the service should give up. Never settles if the application stops first.
   */
  readonly ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions,
  ) {
    // Whoever awaits `ready` handles the failure; it must never be an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  onApplicationBootstrap(): void {
    void this.connect();
  }

  onModuleDestroy(): void {
    this.stopped.abort();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** True once the schema this build needs is in place; while it is not, asks the database (no migrateOnStart). */
  async migrationsApplied(): Promise<boolean> {
    if (this.migrated) return true;
    // Still connecting, or this process is about to apply them itself.
    if (!this.connected || this.options.migrateOnStart) return false;
    if (await this.database.migrationsApplied()) {
      this.migrated = true;
      this.logger.log('Migrations applied (by the migration job)');
    }
    return this.migrated;
  }

  private async connect(): Promise<void> {
    const startedAt = Date.now();
    for (let attempt = 1; !this.stopped.signal.aborted; attempt++) {
      try {
        await this.database.ping(this.options.queryTimeoutMs);
        this.connected = true;
        if (this.options.migrateOnStart) {
          await this.database.migrate();
          this.migrated = true;
        }
        this.logger.log(
          `Database connected (${this.database.engine}, after ${attempt} attempt${attempt > 1 ? 's' : ''})` +
            (this.migrated ? '; migrations applied' : ''),
        );
        if (!this.options.migrateOnStart && !(await this.migrationsApplied().catch(() => false))) {
          this.logger.warn('Migrations pending: not ready until the migration job has applied them');
        }
        this.settle.resolve();
        return;
      } catch (error) {
        if (this.stopped.signal.aborted) return;
        const reason = describeDatabaseError(error);
        if (!isDatabaseUnavailable(error)) {
          this.settle.reject(new DatabaseStartupError(`Database start-up failed: ${reason}`, error));
          return;
        }
        const elapsed = Date.now() - startedAt;
        if (elapsed >= this.options.connectTimeoutMs) {
          this.settle.reject(
            new DatabaseStartupError(
              `Database unreachable for ${elapsed} ms (DB_CONNECT_TIMEOUT_MS=${this.options.connectTimeoutMs}), ` +
                `giving up after ${attempt} attempts: ${reason}`,
              error,
            ),
          );
          return;
        }
        const delay = Math.min(retryDelayMs(attempt), this.options.connectTimeoutMs - elapsed);
        this.logger.warn(`Database unreachable (attempt ${attempt}: ${reason}); retrying in ${delay} ms`);
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopped.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
