import { BooksService } from '@app/books';
import { Database } from '@app/database';
import type { ScrapeGauge } from '@app/observability';

/**
 * Gauges read from their source when Prometheus scrapes: the database is the truth, so every
 * replica reports the same catalogue size. Wired here so observability never imports a feature.
 */
export const APP_SCRAPE_GAUGES: ScrapeGauge[] = [
  {
    name: 'books_total',
    help: 'Books in the catalogue, counted in the database at scrape time',
    inject: [BooksService],
    useFactory: (books: BooksService) => () => books.count(),
  },
  {
    name: 'db_pool_connections',
    help: 'Database pool connections: total open, idle, and callers waiting for one',
    labelName: 'state',
    inject: [Database],
    useFactory: (database: Database) => () => ({ ...database.poolStats() }),
  },
];
