// The books table lives with its feature, beside the SQL whose indexes it defines (libs/books/src/books.table.ts).
export * from './idempotency-keys.table';
