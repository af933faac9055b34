import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Database } from './database';
import { DatabaseConnector } from './database-connector';
import { DbPoolConnectionsMetric } from './db-pool-connections.metric';
import { createDatabase } from './database.factory';
import { DATABASE_OPTIONS, DatabaseOptions } from './database.options';

/**
 * The database for the whole application. Nothing here waits for it: DatabaseConnector connects
 * and migrates in the background, and readiness reports when it is usable.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(@Inject(Database) private readonly database: Database) {}

  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        { provide: Database, inject: [DATABASE_OPTIONS], useFactory: (o: DatabaseOptions) => createDatabase(o) },
        DatabaseConnector,
        DbPoolConnectionsMetric,
      ],
      exports: [Database, DATABASE_OPTIONS, DatabaseConnector],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
    this.logger.log('Database connections closed');
  }
}
