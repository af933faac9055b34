import { PreconditionFailedError } from '@app/http';
import { Injectable, Logger } from '@nestjs/common';
import type { Book, BookContent } from './book';
import { bookContentFrom, writtenFieldsOf } from './book-dto.mapper';
import { filtersOf } from './book-filters';
import { keysetOrderOf, SortParam } from './book-sort';
import { BooksRepository } from './books.repository';
import { decodeCursor, encodeCursor } from './cursor';
import type { BookInputDto } from './dto/book-input.dto';
import type { BookPatchDto } from './dto/book-patch.dto';
import type { ListBooksQueryDto } from './dto/list-books.query';
import { ConcurrentModificationError } from './errors/concurrent-modification.error';
import { BookNotFoundError } from './errors/book-not-found.error';
import { ExpectedVersion, versionMatches } from './expected-version';
import { applyMergePatch } from './merge-patch';

export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_SORT: SortParam = 'createdAt';
/** Unconditional updates re-read and re-apply when another writer got in first; bounded. */
const MAX_UPDATE_ATTEMPTS = 5;

/** One page of a listing as the service answers it: the books and the cursor of the next page. */
export interface BookListing {
  books: Book[];
  nextCursor: string | null;
}

/** The catalogue's rules: normalisation, optimistic concurrency, merge patches, paging. */
@Injectable()
export class BooksService {
  private readonly logger = new Logger(BooksService.name);

  constructor(private readonly repository: BooksRepository) {}

  async list(query: ListBooksQueryDto): Promise<BookListing> {
    const order = keysetOrderOf(query.sort ?? DEFAULT_SORT);
    const filters = filtersOf(query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, order, filters);
    const slice = await this.repository.list({ filters, order, limit: query.limit ?? DEFAULT_PAGE_SIZE, after });
    return { books: slice.books, nextCursor: slice.next ? encodeCursor(order, filters, slice.next) : null };
  }

  async get(id: string): Promise<Book> {
    const book = await this.repository.findById(id);
    if (!book) throw new BookNotFoundError(id);
    return book;
  }

  async create(input: BookInputDto): Promise<Book> {
    const book = await this.repository.insert(bookContentFrom(input));
    this.logger.log({ book_id: book.id }, 'Book created');
    return book;
  }

  async replace(id: string, input: BookInputDto, expected?: ExpectedVersion): Promise<Book> {
    const content = bookContentFrom(input);
    return this.updateWithRetry(id, expected, () => content);
  }

  /** Applies a validated RFC 7396 merge patch to the stored book: each field valid, so the result is too. */
  async patch(id: string, patch: BookPatchDto, expected?: ExpectedVersion): Promise<Book> {
    return this.updateWithRetry(id, expected, (current) =>
      bookContentFrom(applyMergePatch(writtenFieldsOf(current), patch) as BookInputDto),
    );
  }

  async delete(id: string, expected?: ExpectedVersion): Promise<void> {
    if (expected === undefined) {
      if (!(await this.repository.delete(id))) throw new BookNotFoundError(id);
      return;
    }
    const current = await this.get(id);
    this.checkPrecondition(current, expected);
    if (!(await this.repository.delete(id, current.version))) {
      // Changed or deleted between the read and the delete.
      this.checkPrecondition(await this.get(id), expected);
    }
  }

  async count(): Promise<number> {
    return this.repository.count();
  }

  /**
   * Read, check the expected version, compute the new content, write only if the version is unchanged.
   * With an expected version a lost race is a 412; without one the update is re-applied to the newer version.
   */
  private async updateWithRetry(
    id: string,
    expected: ExpectedVersion,
    contentFor: (current: Book) => BookContent | Promise<BookContent>,
  ): Promise<Book> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      this.checkPrecondition(current, expected);
      const updated = await this.repository.updateIfVersion(id, current.version, await contentFor(current));
      if (updated) return updated;
      if (expected !== undefined) this.checkPrecondition(await this.get(id), expected);
    }
    throw new ConcurrentModificationError(id);
  }

  private checkPrecondition(current: Book, expected: ExpectedVersion): void {
    if (!versionMatches(expected, current.version)) throw new PreconditionFailedError(current.version);
  }
}
