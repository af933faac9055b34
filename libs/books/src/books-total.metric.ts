import { DEFAULT_SCRAPE_TIMEOUT_MS, registerScrapeGauge, unregisterMetric } from '@app/observability';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { BooksService } from './books.service';

export const BOOKS_TOTAL_METRIC = 'books_total';

/**
 * `books_total`, counted in the database at scrape time: the database is the truth, so every replica
 * reports the same catalogue size.
 */
@Injectable()
export class BooksTotalMetric implements OnModuleDestroy {
  private readonly logger = new Logger('Metrics');
  private readonly gauge: Gauge;

  constructor(
    private readonly registry: Registry,
    books: BooksService,
  ) {
    this.gauge = registerScrapeGauge(
      registry,
      { name: BOOKS_TOTAL_METRIC, help: 'Books in the catalogue, counted in the database at scrape time' },
      () => books.count(),
      DEFAULT_SCRAPE_TIMEOUT_MS,
      (error) => this.logger.warn({ err: error }, 'books_total could not be read for this scrape'),
    );
  }

  /** A closed app's gauge would count in a closed database: it leaves with it. */
  onModuleDestroy(): void {
    unregisterMetric(this.registry, BOOKS_TOTAL_METRIC, this.gauge);
  }
}
