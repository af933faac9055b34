export * from './books.table';
export * from './idempotency-keys.table';
