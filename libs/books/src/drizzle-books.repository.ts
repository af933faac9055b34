import { BookRow, books, Database, isUniqueViolation, PUBLISHED_YEAR_SORT_NULL } from '@app/database';
import { Injectable } from '@nestjs/common';
import { and, arrayContains, asc, count, desc, eq, like, SQL, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Book, BookContent } from './book';
import type { BookFilters } from './book-filters';
import type { BookSortField } from './book-sort';
import { BookPage, BooksRepository, ListBooksCriteria } from './books.repository';
import { DuplicateIsbnError } from './errors/duplicate-isbn.error';

const YEAR_FILTER_MIN = -3000;
const YEAR_FILTER_MAX = 2_147_483_647;
/** Rows per INSERT of a bulk load: 14 parameters a row keeps each statement far below PostgreSQL's 65,535. */
const BULK_INSERT_ROWS = 1000;

/** Each sort is an indexed expression; the row comparison `(expr, id) > (key, id)` walks that index. */
const sortExpressions: Record<BookSortField, { expr: SQL; cast: SQL }> = {
  title: { expr: sql`lower(${books.title})`, cast: sql`text` },
  publishedYear: {
    expr: sql`coalesce(${books.publishedYear}, ${sql.raw(String(PUBLISHED_YEAR_SORT_NULL))})`,
    cast: sql`integer`,
  },
  createdAt: { expr: sql`${books.createdAt}`, cast: sql`timestamptz` },
};

/** `q` is matched literally: LIKE's wildcards and escape character are escaped. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function toBook(row: BookRow): Book {
  return {
    id: row.id,
    title: row.title,
    authors: row.authors,
    isbn: row.isbn,
    publishedYear: row.publishedYear,
    language: row.language,
    pageCount: row.pageCount,
    description: row.description,
    tags: row.tags,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** Columns derived from the content so that `q` and `author` filters are served by GIN indexes. */
function derivedColumns(content: BookContent) {
  return {
    authorKeys: content.authors.map((a) => a.toLowerCase()),
    searchText: [content.title, ...content.authors].join('\n').toLowerCase(),
  };
}

@Injectable()
export class DrizzleBooksRepository extends BooksRepository {
  constructor(private readonly database: Database) {
    super();
  }

  private get db() {
    return this.database.db;
  }

  async findById(id: string): Promise<Book | null> {
    const [row] = await this.db.select().from(books).where(eq(books.id, id)).limit(1);
    return row ? toBook(row) : null;
  }

  async findByIsbn(isbn: string): Promise<Book | null> {
    const [row] = await this.db.select().from(books).where(eq(books.isbn, isbn)).limit(1);
    return row ? toBook(row) : null;
  }

  async list({ filters, sort, limit, after }: ListBooksCriteria): Promise<BookPage> {
    const { expr, cast } = sortExpressions[sort.field];
    const conditions = this.filterConditions(filters);
    if (after) {
      const op = sort.descending ? sql`<` : sql`>`;
      conditions.push(sql`(${expr}, ${books.id}) ${op} (${after.key}::${cast}, ${after.id}::uuid)`);
    }
    const direction = sort.descending ? desc : asc;
    const rows = await this.db
      .select({ book: books, sortKey: sql<unknown>`${expr}`.as('sort_key') })
      .from(books)
      .where(and(...conditions))
      .orderBy(direction(expr), direction(books.id))
      .limit(limit + 1);

    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const hasMore = rows.length > limit && last !== undefined;
    return {
      books: page.map((r) => toBook(r.book)),
      next: hasMore ? { key: this.cursorKey(last.sortKey), id: last.book.id } : null,
    };
  }

  async insert(content: BookContent): Promise<Book> {
    const now = new Date();
    try {
      const [row] = await this.db
        .insert(books)
        .values({
          ...content,
          ...derivedColumns(content),
          id: randomUUID(),
          createdAt: now,
          updatedAt: now,
          version: 1,
        })
        .returning();
      return toBook(row);
    } catch (error) {
      throw await this.translateWriteError(error, content);
    }
  }

  /**
   * Bulk load (imports, benchmark seeding): multi-row INSERTs in one transaction, all or nothing.
   * Not part of the port: the service writes one book at a time. Returns how many books were stored.
   */
  async insertMany(contents: BookContent[]): Promise<number> {
    const now = new Date();
    const rows = contents.map((content) => ({
      ...content,
      ...derivedColumns(content),
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      version: 1,
    }));
    if (rows.length === 0) return 0;
    await this.db.transaction(async (tx) => {
      for (let start = 0; start < rows.length; start += BULK_INSERT_ROWS) {
        await tx.insert(books).values(rows.slice(start, start + BULK_INSERT_ROWS));
      }
    });
    return rows.length;
  }

  async updateIfVersion(id: string, expectedVersion: number, content: BookContent): Promise<Book | null> {
    try {
      const [row] = await this.db
        .update(books)
        .set({ ...content, ...derivedColumns(content), updatedAt: new Date(), version: sql`${books.version} + 1` })
        .where(and(eq(books.id, id), eq(books.version, expectedVersion)))
        .returning();
      return row ? toBook(row) : null;
    } catch (error) {
      throw await this.translateWriteError(error, content);
    }
  }

  async delete(id: string, expectedVersion?: number): Promise<boolean> {
    const versionMatches = expectedVersion === undefined ? undefined : eq(books.version, expectedVersion);
    const deleted = await this.db
      .delete(books)
      .where(and(eq(books.id, id), versionMatches))
      .returning({ id: books.id });
    return deleted.length > 0;
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(books);
    return Number(row.n);
  }

  private filterConditions(filters: BookFilters): SQL[] {
    const conditions: SQL[] = [];
    if (filters.q !== undefined) conditions.push(like(books.searchText, `%${likeLiteral(filters.q.toLowerCase())}%`));
    if (filters.author !== undefined) conditions.push(arrayContains(books.authorKeys, [filters.author.toLowerCase()]));
    if (filters.isbn !== undefined) conditions.push(eq(books.isbn, filters.isbn));
    if (filters.language !== undefined) conditions.push(eq(books.language, filters.language));
    if (filters.tag !== undefined) conditions.push(arrayContains(books.tags, [filters.tag]));
    if (filters.publishedYearFrom !== undefined || filters.publishedYearTo !== undefined) {
      // Written on the sort expression so one index serves the range and the year sort; undated books
      // (coalesced to the minimum) fall outside every range.
      const { expr } = sortExpressions.publishedYear;
      conditions.push(
        sql`${expr} BETWEEN ${filters.publishedYearFrom ?? YEAR_FILTER_MIN} AND ${filters.publishedYearTo ?? YEAR_FILTER_MAX}`,
      );
    }
    return conditions;
  }

  private cursorKey(sortKey: unknown): string | number {
    if (sortKey instanceof Date) return sortKey.toISOString();
    if (typeof sortKey === 'number' || typeof sortKey === 'string') return sortKey;
    return String(sortKey);
  }

  private async translateWriteError(error: unknown, content: BookContent): Promise<unknown> {
    if (content.isbn !== null && isUniqueViolation(error)) {
      const existing = await this.findByIsbn(content.isbn);
      return new DuplicateIsbnError(content.isbn, existing?.id ?? null);
    }
    return error;
  }
}
