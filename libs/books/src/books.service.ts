import { ifMatchSatisfied, etagFor, PreconditionFailedError, validateInput } from '@app/http';
import { Injectable, Logger } from '@nestjs/common';
import type { Book, BookContent } from './book';
import type { BookFilters } from './book-filters';
import { BookSort, sortOrderOf } from './book-sort';
import { BooksRepository } from './books.repository';
import { decodeCursor, encodeCursor } from './cursor';
import { BookInputDto } from './dto/book-input.dto';
import type { ListBooksQueryDto } from './dto/list-books.query';
import { ConcurrentModificationError } from './errors/concurrent-modification.error';
import { BookNotFoundError } from './errors/book-not-found.error';
import { isbn13From } from './isbn';
import { applyMergePatch } from './merge-patch';

export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_SORT: BookSort = 'createdAt';
/** Unconditional updates re-read and re-apply when another writer got in first; bounded. */
const MAX_UPDATE_ATTEMPTS = 5;

export interface BooksPage {
  books: Book[];
  nextCursor: string | null;
}

/** The catalogue's rules: normalisation, optimistic concurrency, merge patches, paging. */
@Injectable()
export class BooksService {
  private readonly logger = new Logger(BooksService.name);

  constructor(private readonly repository: BooksRepository) {}

  async list(query: ListBooksQueryDto): Promise<BooksPage> {
    const sort = query.sort ?? DEFAULT_SORT;
    const filters = this.filtersFrom(query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, sort, filters);
    const page = await this.repository.list({
      filters,
      sort: sortOrderOf(sort),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      after,
    });
    return { books: page.books, nextCursor: page.next ? encodeCursor(sort, filters, page.next) : null };
  }

  async get(id: string): Promise<Book> {
    const book = await this.repository.findById(id);
    if (!book) throw new BookNotFoundError(id);
    return book;
  }

  async create(input: BookInputDto): Promise<Book> {
    const book = await this.repository.insert(this.contentFrom(input));
    this.logger.log({ book_id: book.id }, 'Book created');
    return book;
  }

  async replace(id: string, input: BookInputDto, ifMatch?: string): Promise<Book> {
    const content = this.contentFrom(input);
    return this.updateWithRetry(id, ifMatch, () => content);
  }

  /** Applies an RFC 7396 merge patch to the stored book, then validates the result as a whole book. */
  async patch(id: string, patch: unknown, ifMatch?: string): Promise<Book> {
    return this.updateWithRetry(id, ifMatch, async (current) => {
      const merged = applyMergePatch(this.writableFieldsOf(current), patch);
      return this.contentFrom(await validateInput(BookInputDto, merged));
    });
  }

  async delete(id: string, ifMatch?: string): Promise<void> {
    if (ifMatch === undefined) {
      if (!(await this.repository.delete(id))) throw new BookNotFoundError(id);
      return;
    }
    const current = await this.get(id);
    this.checkPrecondition(current, ifMatch);
    if (!(await this.repository.delete(id, current.version))) {
      // Changed or deleted between the read and the delete.
      this.checkPrecondition(await this.get(id), ifMatch);
    }
  }

  async count(): Promise<number> {
    return this.repository.count();
  }

  /**
   * Read, check If-Match, compute the new content, write only if the version is unchanged.
   * With If-Match a lost race is a 412; without it the update is re-applied to the newer version.
   */
  private async updateWithRetry(
    id: string,
    ifMatch: string | undefined,
    contentFor: (current: Book) => BookContent | Promise<BookContent>,
  ): Promise<Book> {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.get(id);
      this.checkPrecondition(current, ifMatch);
      const updated = await this.repository.updateIfVersion(id, current.version, await contentFor(current));
      if (updated) return updated;
      if (ifMatch !== undefined) this.checkPrecondition(await this.get(id), ifMatch);
    }
    throw new ConcurrentModificationError(id);
  }

  private checkPrecondition(current: Book, ifMatch: string | undefined): void {
    if (!ifMatchSatisfied(ifMatch, current.version)) throw new PreconditionFailedError(etagFor(current.version));
  }

  private filtersFrom(query: ListBooksQueryDto): BookFilters {
    const filters: BookFilters = {
      q: query.q,
      author: query.author,
      isbn: query.isbn === undefined ? undefined : (isbn13From(query.isbn) ?? undefined),
      language: query.language,
      tag: query.tag,
      publishedYearFrom: query.publishedYearFrom,
      publishedYearTo: query.publishedYearTo,
    };
    return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as BookFilters;
  }

  /** Validated input → stored content: ISBN as 13 digits, tags de-duplicated, absent optionals as null. */
  private contentFrom(input: BookInputDto): BookContent {
    return {
      title: input.title,
      authors: input.authors,
      isbn: input.isbn == null ? null : isbn13From(input.isbn),
      publishedYear: input.publishedYear ?? null,
      language: input.language ?? null,
      pageCount: input.pageCount ?? null,
      description: input.description ?? null,
      tags: [...new Set(input.tags ?? [])],
    };
  }

  /** The stored book as the client wrote it, the document a merge patch applies to. */
  private writableFieldsOf(book: Book): Record<string, unknown> {
    const fields: Record<string, unknown> = {
      title: book.title,
      authors: book.authors,
      isbn: book.isbn,
      publishedYear: book.publishedYear,
      language: book.language,
      pageCount: book.pageCount,
      description: book.description,
      tags: book.tags,
    };
    return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
  }
}
