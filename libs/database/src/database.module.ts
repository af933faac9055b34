import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Database } from './database';
import { openDatabase } from './database.factory';
import { DATABASE_OPTIONS, DatabaseOptions } from './database.options';

export interface DatabaseModuleAsyncOptions {
  inject?: never[] | unknown[];
  useFactory: (...args: never[]) => DatabaseOptions | Promise<DatabaseOptions>;
}

@Global()
@Module({})
export class DatabaseModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.migrateOnStart) return;
    await this.database.migrate();
    this.logger.log(`Migrations applied (${this.database.engine})`);
  }

  static forRootAsync(options: DatabaseModuleAsyncOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_OPTIONS, inject: (options.inject ?? []) as never[], useFactory: options.useFactory },
        { provide: Database, inject: [DATABASE_OPTIONS], useFactory: (o: DatabaseOptions) => openDatabase(o) },
      ],
      exports: [Database, DATABASE_OPTIONS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
    this.logger.log('Database connections closed');
  }
}
