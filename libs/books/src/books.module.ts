import { Module } from '@nestjs/common';
import { BooksController } from './books.controller';
import { BooksRepository } from './books.repository';
import { BooksService } from './books.service';
import { DrizzleBooksRepository } from './drizzle-books.repository';

/** The catalogue. Needs the global DatabaseModule. */
@Module({
  controllers: [BooksController],
  providers: [BooksService, { provide: BooksRepository, useClass: DrizzleBooksRepository }],
  exports: [BooksService],
})
export class BooksModule {}
