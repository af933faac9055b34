import { BookRow, books, Database, Db, isUniqueViolation, PUBLISHED_YEAR_SORT_NULL } from '@app/database';
import { Injectable } from '@nestjs/common';
import { and, arrayContains, asc, count, desc, eq, getTableColumns, like, SQL, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Book, BookContent } from './book';
import type { BookFilters } from './book-filters';
import type { BookSortField, SortOrder } from './book-sort';
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

/** What a read returns: every column but the derived search columns, which only the filters need. */
const { authorKeys: _authorKeys, searchText: _searchText, ...bookColumns } = getTableColumns(books);
type BookColumns = Omit<BookRow, 'authorKeys' | 'searchText'>;

/** getBook's statement, prepared by name: a primary-key lookup has one plan whatever the id. */
const findByIdStatement = (db: Db) =>
  db
    .select(bookColumns)
    .from(books)
    .where(eq(books.id, sql.placeholder('id')))
    .limit(1)
    .prepare('books_find_by_id');

const value = sql.placeholder;

/** The values of a write, one placeholder per column: prepared by name (a write's plan does not depend on them). */
const contentPlaceholders = {
  title: value('title'),
  authors: value('authors'),
  isbn: value('isbn'),
  publishedYear: value('publishedYear'),
  language: value('language'),
  pageCount: value('pageCount'),
  description: value('description'),
  tags: value('tags'),
  authorKeys: value('authorKeys'),
  searchText: value('searchText'),
  updatedAt: value('now'),
};

const insertStatement = (db: Db) =>
  db
    .insert(books)
    .values({ ...contentPlaceholders, id: value('id'), createdAt: value('now'), version: 1 })
    .returning(bookColumns)
    .prepare('books_insert');

const updateIfVersionStatement = (db: Db) =>
  db
    .update(books)
    // set() takes placeholders at run time (each is bound through its column) but its type does not say so.
    .set({ ...(contentPlaceholders as unknown as Partial<BookRow>), version: sql`${books.version} + 1` })
    .where(and(eq(books.id, value('id')), eq(books.version, value('expectedVersion'))))
    .returning(bookColumns)
    .prepare('books_update_if_version');

/** What decides a listing's SQL: which filters are set, the sort, and whether a cursor is given. */
interface ListShape {
  filters: ReadonlySet<keyof BookFilters | 'years'>;
  sort: SortOrder;
  paged: boolean;
}

/**
 * A listing's statement with a placeholder for every value, so drizzle builds it once per shape. It is
 * prepared without a name: PostgreSQL still plans each execution for its values, where a named statement
 * would drift to a generic plan, wrong for skewed filters (a rare tag, the most common language).
 */
function listStatement(db: Db, { filters, sort, paged }: ListShape) {
  const { expr, cast } = sortExpressions[sort.field];
  const conditions: SQL[] = [];
  if (filters.has('q')) conditions.push(like(books.searchText, sql.placeholder('q')));
  if (filters.has('author')) conditions.push(arrayContains(books.authorKeys, sql.placeholder('author')));
  if (filters.has('isbn')) conditions.push(eq(books.isbn, sql.placeholder('isbn')));
  if (filters.has('language')) conditions.push(eq(books.language, sql.placeholder('language')));
  if (filters.has('tag')) conditions.push(arrayContains(books.tags, sql.placeholder('tag')));
  if (filters.has('years')) {
    // Written on the sort expression so one index serves the range and the year sort; undated books
    // (coalesced to the minimum) fall outside every range.
    const year = sortExpressions.publishedYear.expr;
    conditions.push(sql`${year} BETWEEN ${sql.placeholder('yearFrom')} AND ${sql.placeholder('yearTo')}`);
  }
  if (paged) {
    const op = sort.descending ? sql`<` : sql`>`;
    const position = sql`(${sql.placeholder('afterKey')}::${cast}, ${sql.placeholder('afterId')}::uuid)`;
    conditions.push(sql`(${expr}, ${books.id}) ${op} ${position}`);
  }
  const direction = sort.descending ? desc : asc;
  return db
    .select({ book: bookColumns, sortKey: sql<unknown>`${expr}`.as('sort_key') })
    .from(books)
    .where(and(...conditions))
    .orderBy(direction(expr), direction(books.id))
    .limit(sql.placeholder('limit'))
    .prepare('');
}

function listShapeOf({ filters, sort, after }: ListBooksCriteria): ListShape {
  const set = new Set<keyof BookFilters | 'years'>();
  for (const key of ['q', 'author', 'isbn', 'language', 'tag'] as const) if (filters[key] !== undefined) set.add(key);
  if (filters.publishedYearFrom !== undefined || filters.publishedYearTo !== undefined) set.add('years');
  return { filters: set, sort, paged: after !== undefined };
}

function toBook(row: BookColumns): Book {
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

  /** Built statements per database handle (the root one, or a transaction's): none escapes its transaction. */
  private readonly statements = new WeakMap<Db, Map<string, unknown>>();

  private get db() {
    return this.database.db;
  }

  /** The statement `key`, built by `build` on first use with the current database handle. */
  private statement<T>(key: string, build: (db: Db) => T): T {
    const db = this.db;
    let built = this.statements.get(db);
    if (!built) {
      built = new Map();
      this.statements.set(db, built);
    }
    let statement = built.get(key) as T | undefined;
    if (statement === undefined) {
      statement = build(db);
      built.set(key, statement);
    }
    return statement;
  }

  async findById(id: string): Promise<Book | null> {
    const [row] = await this.statement('findById', findByIdStatement).execute({ id });
    return row ? toBook(row) : null;
  }

  async findByIsbn(isbn: string): Promise<Book | null> {
    const [row] = await this.db.select(bookColumns).from(books).where(eq(books.isbn, isbn)).limit(1);
    return row ? toBook(row) : null;
  }

  async list(criteria: ListBooksCriteria): Promise<BookPage> {
    const { filters, limit, after } = criteria;
    const shape = listShapeOf(criteria);
    const key = `list:${shape.sort.field}:${shape.sort.descending}:${shape.paged}:${[...shape.filters].join(',')}`;
    const rows = await this.statement(key, (db) => listStatement(db, shape)).execute({
      q: filters.q === undefined ? undefined : `%${likeLiteral(filters.q.toLowerCase())}%`,
      author: filters.author === undefined ? undefined : [filters.author.toLowerCase()],
      isbn: filters.isbn,
      language: filters.language,
      tag: filters.tag === undefined ? undefined : [filters.tag],
      yearFrom: filters.publishedYearFrom ?? YEAR_FILTER_MIN,
      yearTo: filters.publishedYearTo ?? YEAR_FILTER_MAX,
      afterKey: after?.key,
      afterId: after?.id,
      limit: limit + 1,
    });

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
      // A savepoint when called inside a transaction (an idempotent create), so that a duplicate ISBN
      // leaves the transaction usable for translateWriteError's lookup.
      const [row] = await this.database.savepoint(() =>
        this.statement('insert', insertStatement).execute({
          ...content,
          ...derivedColumns(content),
          id: randomUUID(),
          now,
        }),
      );
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
      const [row] = await this.statement('updateIfVersion', updateIfVersionStatement).execute({
        ...content,
        ...derivedColumns(content),
        id,
        expectedVersion,
        now: new Date(),
      });
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
