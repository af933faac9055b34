import { Database, DATABASE_OPTIONS, DatabaseConnector, DatabaseOptions, describeDatabaseError } from '@app/database';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { HealthStatusMetric, ReadinessCheck } from './health-status.metric';

/** A ping answer is reused this long, so probes and scrapes cost at most one query a second. */
export const PING_CACHE_MS = 1_000;
/** /ready waits this long for a fresh ping, then answers from the previous one: a hung database cannot slow it. */
export const PING_WAIT_MS = 50;
/** Upper bound of one ping, whatever the query timeout. */
export const MAX_PING_TIMEOUT_MS = 2_000;

interface CheckState {
  up: boolean;
  reason?: string;
}

/**
 * The readiness checks: the database answers a ping, the migrations of this build are applied, and
 * the process is not shutting down. Answers from state in memory, refreshed at most once a second.
 */
@Injectable()
export class ReadinessIndicator implements OnModuleInit {
  private readonly logger = new Logger('Readiness');
  private readonly pingTimeoutMs: number;
  private shuttingDown = false;
  private database: CheckState = { up: false, reason: 'not checked yet' };
  private migrations: CheckState = { up: false, reason: 'not checked yet' };
  private checkedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private wasReady: boolean | undefined;

  constructor(
    @Inject(Database) private readonly db: Database,
    private readonly connector: DatabaseConnector,
    private readonly indicators: HealthIndicatorService,
    private readonly metric: HealthStatusMetric,
    @Inject(DATABASE_OPTIONS) options: DatabaseOptions,
  ) {
    this.pingTimeoutMs = Math.min(options.queryTimeoutMs, MAX_PING_TIMEOUT_MS);
  }

  onModuleInit(): void {
    this.metric.register(() => this.refreshIfStale());
    this.publish();
    // A probe that came before the database was up cached "down" for PING_CACHE_MS: check again the
    // moment the connector is done, so a new pod is ready within milliseconds, not a second later.
    this.connector.ready.then(
      () => this.recheckNow(),
      () => undefined, // start-up failure: the connector logs it and the process exits
    );
  }

  private recheckNow(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
    void this.refreshIfStale();
  }

  /** Readiness fails from now on; the process is going away. */
  startShutdown(): void {
    this.shuttingDown = true;
    this.publish();
  }

  /** Terminus indicators, in the order they are reported. */
  indicatorsForReadiness(): (() => Promise<HealthIndicatorResult>)[] {
    return [
      async () => this.result('shutdown', { up: !this.shuttingDown, reason: 'the process is shutting down' }),
      async () => (await this.refreshIfStale(), this.result('database', this.database)),
      async () => (await this.refreshIfStale(), this.result('migrations', this.migrations)),
    ];
  }

  /** Starts a refresh when the last one is older than PING_CACHE_MS and waits for it at most PING_WAIT_MS. */
  refreshIfStale(): Promise<void> {
    if (Date.now() - this.checkedAt < PING_CACHE_MS) return Promise.resolve();
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, PING_WAIT_MS)));
    return Promise.race([this.refreshing, waited]).finally(() => clearTimeout(timer));
  }

  private async refresh(): Promise<void> {
    try {
      await this.db.ping(this.pingTimeoutMs);
      this.database = { up: true };
    } catch (error) {
      this.database = { up: false, reason: describeDatabaseError(error) };
    }
    try {
      this.migrations = (await this.connector.migrationsApplied())
        ? { up: true }
        : { up: false, reason: this.connector.isConnected ? 'migrations pending' : 'database not connected yet' };
    } catch (error) {
      this.migrations = { up: false, reason: describeDatabaseError(error) };
    }
    this.checkedAt = Date.now();
    this.publish();
  }

  private result(check: ReadinessCheck, state: CheckState): HealthIndicatorResult {
    const session = this.indicators.check(check);
    return state.up ? session.up() : session.down({ message: state.reason ?? 'down' });
  }

  /** Updates the gauge and logs each change of readiness (probes themselves are not logged). */
  private publish(): void {
    this.metric.set('shutdown', !this.shuttingDown);
    this.metric.set('database', this.database.up);
    this.metric.set('migrations', this.migrations.up);
    const ready = !this.shuttingDown && this.database.up && this.migrations.up;
    if (ready === this.wasReady) return;
    const first = this.wasReady === undefined;
    this.wasReady = ready;
    if (ready) this.logger.log('Ready: database reachable, migrations applied');
    else if (!this.shuttingDown && !first) {
      const failing = [
        this.database.up ? '' : `database (${this.database.reason})`,
        this.migrations.up ? '' : 'migrations',
      ];
      this.logger.warn(`Not ready: ${failing.filter(Boolean).join(', ')}`);
    }
  }
}
