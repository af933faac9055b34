import { BooksModule } from '@app/books';
import { DatabaseModule } from '@app/database';
import { createValidationPipe, ProblemDetailsFilter } from '@app/http';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from './config/env.schema';

/** The composition root: feature modules wired to the validated configuration. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Validated before Nest starts (main.ts); the module only serves the typed values.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, ignoreEnvVars: true, load: [() => config] }),
        DatabaseModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (c: ConfigService<AppConfig, true>) => ({
            url: c.get('DATABASE_URL', { infer: true }),
            dataDir: c.get('DATA_DIR', { infer: true }),
            poolSize: c.get('DB_POOL_SIZE', { infer: true }),
            queryTimeoutMs: c.get('DB_QUERY_TIMEOUT_MS', { infer: true }),
            connectTimeoutMs: c.get('DB_CONNECT_TIMEOUT_MS', { infer: true }),
            migrateOnStart: c.get('MIGRATE_ON_START', { infer: true }),
          }),
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
