export * from './books.table';
