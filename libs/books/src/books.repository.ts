import type { Book, BookContent } from './book';
import type { BookFilters } from './book-filters';
import type { KeysetOrder } from './book-sort';
import type { CursorPosition } from './cursor';

/** What the service asks the repository for: one keyset slice of a filtered, sorted listing. */
export interface SliceRequest {
  filters: BookFilters;
  order: KeysetOrder;
  limit: number;
  after?: CursorPosition;
}

export interface BookSlice {
  books: Book[];
  /** Position of the last book when more follow; null on the last slice. */
  next: CursorPosition | null;
}

/**
 * The storage port of the books module; an abstract class so it doubles as the DI token and the
 * service never sees a driver. Writes that would duplicate an ISBN throw DuplicateIsbnError.
 */
export abstract class BooksRepository {
  abstract findById(id: string): Promise<Book | null>;
  abstract list(request: SliceRequest): Promise<BookSlice>;
  abstract insert(content: BookContent): Promise<Book>;
  /** Replaces the content when the stored version is `expectedVersion`; null when it is not (or the book is gone). */
  abstract updateIfVersion(id: string, expectedVersion: number, content: BookContent): Promise<Book | null>;
  /** Deletes the book (only at `expectedVersion` when given); false when nothing was deleted. */
  abstract delete(id: string, expectedVersion?: number): Promise<boolean>;
  abstract count(): Promise<number>;
}
