import { Module } from '@nestjs/common';
import { BooksController } from './books.controller';
import { BooksTotalMetric } from './books-total.metric';
import { BooksRepository } from './books.repository';
import { BooksService } from './books.service';
import { DrizzleBooksRepository } from './drizzle-books.repository';

/** The catalogue and its books_total gauge. Needs the global DatabaseModule and MetricsModule. */
@Module({
  controllers: [BooksController],
  providers: [BooksService, { provide: BooksRepository, useClass: DrizzleBooksRepository }, BooksTotalMetric],
  exports: [BooksService],
})
export class BooksModule {}
