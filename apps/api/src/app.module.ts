import { BooksModule } from '@app/books';
import { Database, DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { IdempotencyModule } from '@app/idempotency';
import {
  DbQueryMetrics,
  HttpObservationMiddleware,
  LoggingModule,
  MetricsModule,
  type RouteTemplateResolver,
  TracingModule,
} from '@app/observability';
import { principalOf, SecurityModule } from '@app/security';
import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { apiKeysOf } from './config/api-keys';
import type { AppConfig } from './config/env.schema';
import { isQuietPath, isUnlimitedPath } from './operational-routes';

/** The composition root: every module takes plain options from the configuration validated in main.ts. */
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

  /** `http`: what only the HTTP adapter knows (http-adapter/), for the libraries that ask it. */
  static forRoot(config: AppConfig, http: { routeTemplateOf: RouteTemplateResolver }): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggingModule.forRoot({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, isQuiet: isQuietPath }),
        MetricsModule.forRoot({ isUnmonitored: isQuietPath, routeTemplateOf: http.routeTemplateOf }),
        TracingModule,
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          dataDir: config.DATA_DIR,
          embeddedEngine: config.EMBEDDED_ENGINE,
          poolSize: config.DB_POOL_SIZE,
          queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
          connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
          migrateOnStart: config.MIGRATE_ON_START,
        }),
        HealthModule.forRoot({ drainMs: config.SHUTDOWN_DRAIN_MS, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS }),
        IdempotencyModule.forRoot({
          ttlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
          // A claim still open after the server's request timeout belongs to a request that died with its process.
          claimLeaseMs: config.REQUEST_TIMEOUT_MS,
          // Keys are per client: two API keys (or JWT subjects) may use the same key without meeting.
          clientOf: (request) => principalOf(request)?.id,
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
            isUnlimited: isUnlimitedPath,
          },
        }),
        BooksModule,
      ],
      // The request pipeline's log-and-metrics middleware: it needs both the logging and the metrics module.
      providers: [HttpObservationMiddleware],
    };
  }
}
