export * from './books.module';
export * from './books.service';
export * from './books.repository';
export * from './book';
export * from './isbn';
export * from './dto/book.dto';
export * from './dto/book-input.dto';
