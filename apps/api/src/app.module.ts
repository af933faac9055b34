import { BooksModule } from '@app/books';
import { Database, DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { createValidationPipe, ProblemDetailsFilter } from '@app/http';
import { IdempotencyModule } from '@app/idempotency';
import { DbQueryMetrics, LoggingModule, MetricsModule, TracingModule } from '@app/observability';
import { principalOf, SecurityModule } from '@app/security';
import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { apiKeysOf } from './config/api-keys';
import { APP_SCRAPE_GAUGES } from './app-metrics';
import type { AppConfig } from './config/env.schema';

/** The composition root: feature modules wired to the validated configuration. */
@Module({})
export class AppModule implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly dbQueryMetrics: DbQueryMetrics,
  ) {}

  /** Query durations from the database's hook into db_query_duration_seconds. */
  onModuleInit(): void {
    this.database.observeQueries(({ operation, durationSeconds }) =>
      this.dbQueryMetrics.observe(operation, durationSeconds),
    );
  }

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Validated before Nest starts (main.ts); the module only serves the typed values.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, ignoreEnvVars: true, load: [() => config] }),
        LoggingModule.forRoot({ level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
        MetricsModule.forRoot({ imports: [BooksModule], scrapeGauges: APP_SCRAPE_GAUGES }),
        TracingModule,
        DatabaseModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (c: ConfigService<AppConfig, true>) => ({
            url: c.get('DATABASE_URL', { infer: true }),
            dataDir: c.get('DATA_DIR', { infer: true }),
            embeddedEngine: c.get('EMBEDDED_ENGINE', { infer: true }),
            poolSize: c.get('DB_POOL_SIZE', { infer: true }),
            queryTimeoutMs: c.get('DB_QUERY_TIMEOUT_MS', { infer: true }),
            connectTimeoutMs: c.get('DB_CONNECT_TIMEOUT_MS', { infer: true }),
            migrateOnStart: c.get('MIGRATE_ON_START', { infer: true }),
          }),
        }),
        HealthModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (c: ConfigService<AppConfig, true>) => ({
            drainMs: c.get('SHUTDOWN_DRAIN_MS', { infer: true }),
            shutdownTimeoutMs: c.get('SHUTDOWN_TIMEOUT_MS', { infer: true }),
          }),
        }),
        IdempotencyModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (c: ConfigService<AppConfig, true>) => ({
            ttlSeconds: c.get('IDEMPOTENCY_TTL_SECONDS', { infer: true }),
            // A claim still open after the server's request timeout belongs to a request that died with its process.
            claimLeaseMs: c.get('REQUEST_TIMEOUT_MS', { infer: true }),
            // Keys are per client: two API keys (or JWT subjects) may use the same key without meeting.
            clientOf: (request) => principalOf(request)?.id,
          }),
        }),
        SecurityModule.forRoot({
          // Read here, at start-up: an unreadable API_KEYS_FILE stops the service naming the variable.
          apiKeys: apiKeysOf(config),
          jwt: config.AUTH_JWKS_URL
            ? { jwksUrl: config.AUTH_JWKS_URL, issuer: config.AUTH_ISSUER!, audience: config.AUTH_AUDIENCE! }
            : undefined,
          rateLimit: {
            readPerMinute: config.RATE_LIMIT_READ_PER_MINUTE,
            writePerMinute: config.RATE_LIMIT_WRITE_PER_MINUTE,
            redisUrl: config.REDIS_URL,
            keyPrefix: config.RATE_LIMIT_KEY_PREFIX,
          },
          requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
        }),
        BooksModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
