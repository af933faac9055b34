export * from './database';
export * from './database.options';
export * from './database.module';
export * from './database.factory';
export * from './unique-violation';
export * from './migrations-folder';
export * from './schema';
export * from './query-timing';
