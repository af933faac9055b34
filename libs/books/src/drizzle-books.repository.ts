import { Database, Db, isUniqueViolation } from '@app/database';
import { Injectable } from '@nestjs/common';
import { and, arrayContains, asc, count, desc, eq, like, SQL, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { BOOK_FIELDS, type Book, type BookContent } from './book';
import type { BookFilters } from './book-filters';
import { toRowValues } from './book-row.mapper';
import type { KeysetOrder, SortField } from './book-sort';
import { BookSlice, BooksRepository, SliceRequest } from './books.repository';
import type { CursorPosition } from './cursor';
import { bookColumns, books, PUBLISHED_YEAR_SORT_NULL } from './books.table';
import { DuplicateIsbnError } from './errors/duplicate-isbn.error';

/** Each sort is an indexed expression (books.table.ts); the row comparison `(expr, id) > (key, id)` walks that index. */
const sortExpressions: Record<SortField, { expr: SQL; cast: SQL }> = {
  title: { expr: sql`lower(${books.title})`, cast: sql`text` },
  publishedYear: {
    expr: sql`coalesce(${books.publishedYear}, ${sql.raw(String(PUBLISHED_YEAR_SORT_NULL))})`,
    cast: sql`integer`,
  },
  createdAt: { expr: sql`${books.createdAt}`, cast: sql`timestamptz` },
};

/** `q` is matched literally: LIKE's wildcards and escape character are escaped. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

type Placeholder = ReturnType<typeof sql.placeholder>;
type FilterRow<V> = {
  /** The condition, on a placeholder named after the filter. */
  condition: (value: Placeholder) => SQL;
  /** The placeholder's value for the filter's (normalised) value; the value itself when absent. */
  param?: (value: V) => unknown;
};

/** Written on the sort expression so one index serves a year range and the year sort. */
const year = sortExpressions.publishedYear.expr;

/**
 * Every listing filter: its SQL condition and parameter. The set filters decide the statement's shape and
 * its parameters; a new filter is a row here (the compiler asks for one when the query DTO gains a filter).
 */
const FILTERS: { [K in keyof Required<BookFilters>]: FilterRow<NonNullable<BookFilters[K]>> } = {
  // Case-insensitive through the lower-cased derived columns (book-row.mapper.ts).
  q: { condition: (v) => like(books.searchText, v), param: (q) => `%${likeLiteral(q.toLowerCase())}%` },
  author: { condition: (v) => arrayContains(books.authorKeys, v), param: (author) => [author.toLowerCase()] },
  isbn: { condition: (v) => eq(books.isbn, v) },
  language: { condition: (v) => eq(books.language, v) },
  tag: { condition: (v) => arrayContains(books.tags, v), param: (tag) => [tag] },
  // Undated books (coalesced to the sentinel) fall outside every range.
  publishedYearFrom: { condition: (v) => sql`${year} >= ${v}` },
  publishedYearTo: {
    condition: (v) => sql`${year} > ${sql.raw(String(PUBLISHED_YEAR_SORT_NULL))} AND ${year} <= ${v}`,
  },
};
type FilterKey = keyof typeof FILTERS;
const FILTER_KEYS = Object.keys(FILTERS) as FilterKey[];

/** getBook's statement, prepared by name: a primary-key lookup has one plan whatever the id. */
const findByIdStatement = (db: Db) =>
  db
    .select(bookColumns())
    .from(books)
    .where(eq(books.id, sql.placeholder('id')))
    .limit(1)
    .prepare('books_find_by_id');

/** The values of a write, one placeholder per column: prepared by name (a write's plan does not depend on them). */
const contentPlaceholders = Object.fromEntries(
  [...BOOK_FIELDS, 'authorKeys', 'searchText'].map((column) => [column, sql.placeholder(column)]),
);

const insertStatement = (db: Db) =>
  db
    .insert(books)
    // values() and set() take placeholders at run time (each is bound through its column); their types do not say so.
    .values({
      ...(contentPlaceholders as unknown as ReturnType<typeof toRowValues>),
      id: sql.placeholder('id'),
      createdAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
      version: 1,
    })
    .returning(bookColumns())
    .prepare('books_insert');

const updateIfVersionStatement = (db: Db) =>
  db
    .update(books)
    .set({
      ...(contentPlaceholders as unknown as ReturnType<typeof toRowValues>),
      updatedAt: sql.placeholder('now') as unknown as Date,
      version: sql`${books.version} + 1`,
    })
    .where(and(eq(books.id, sql.placeholder('id')), eq(books.version, sql.placeholder('expectedVersion'))))
    .returning(bookColumns())
    .prepare('books_update_if_version');

/**
 * Where a listing starts: at the beginning, after a position, or (rare: the cursor carried only a prefix
 * of a long title and that book is gone) at the first key with that prefix, so that no book is skipped.
 */
type Start = 'first' | 'after' | 'prefix';

/** What decides a listing's SQL: which filters are set, the order, and where it starts. */
interface StatementShape {
  filters: FilterKey[];
  order: KeysetOrder;
  start: Start;
}

/**
 * A listing's statement with a placeholder for every value, so drizzle builds it once per shape. It is
 * prepared without a name: PostgreSQL still plans each execution for its values, where a named statement
 * would drift to a generic plan, wrong for skewed filters (a rare tag, the most common language).
 */
function listStatement(db: Db, { filters, order, start }: StatementShape) {
  const { expr, cast } = sortExpressions[order.field];
  const conditions = filters.map((key) => FILTERS[key].condition(sql.placeholder(key)));
  const afterKey = sql`${sql.placeholder('afterKey')}::${cast}`;
  const op = order.descending ? sql`<` : sql`>`;
  if (start === 'after') {
    conditions.push(sql`(${expr}, ${books.id}) ${op} (${afterKey}, ${sql.placeholder('afterId')}::uuid)`);
  } else if (start === 'prefix' && order.descending) {
    // The lost key starts with the prefix, so every key with it may still follow (some again).
    conditions.push(sql`(${expr} < ${afterKey} OR starts_with(${expr}, ${afterKey}))`);
  } else if (start === 'prefix') {
    // A prefix sorts before the lost key: nothing after the lost key is skipped, some books may repeat.
    conditions.push(sql`(${expr}, ${books.id}) > (${afterKey}, ${sql.placeholder('afterId')}::uuid)`);
  }
  const direction = order.descending ? desc : asc;
  return db
    .select({ book: bookColumns(), sortKey: sql<unknown>`${expr}`.as('sort_key') })
    .from(books)
    .where(and(...conditions))
    .orderBy(direction(expr), direction(books.id))
    .limit(sql.placeholder('limit'))
    .prepare('');
}

/** The placeholder values of the set filters, each through its row's `param`. */
function filterParams(filters: BookFilters, keys: FilterKey[]): Record<string, unknown> {
  return Object.fromEntries(
    keys.map((key) => {
      const param = FILTERS[key].param as ((value: unknown) => unknown) | undefined;
      return [key, param ? param(filters[key]) : filters[key]];
    }),
  );
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
    return row ?? null;
  }

  async list({ filters, order, limit, after: cursor }: SliceRequest): Promise<BookSlice> {
    const after = cursor?.keyIsPrefix ? await this.withFullKey(cursor, order) : cursor;
    const shape: StatementShape = {
      filters: FILTER_KEYS.filter((key) => filters[key] !== undefined),
      order,
      start: after === undefined ? 'first' : after.keyIsPrefix ? 'prefix' : 'after',
    };
    const key = `list:${order.sort}:${shape.start}:${shape.filters.join(',')}`;
    const rows = await this.statement(key, (db) => listStatement(db, shape)).execute({
      ...filterParams(filters, shape.filters),
      afterKey: after?.key,
      afterId: after?.id,
      limit: limit + 1,
    });

    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const hasMore = rows.length > limit && last !== undefined;
    return {
      books: page.map((r) => r.book),
      next: hasMore ? { key: this.cursorKey(last.sortKey), id: last.book.id } : null,
    };
  }

  async insert(content: BookContent): Promise<Book> {
    const now = new Date();
    try {
      // A savepoint when called inside a transaction (an idempotent create), so that a duplicate ISBN
      // leaves the transaction usable for translateWriteError's lookup.
      const [row] = await this.database.savepoint(() =>
        this.statement('insert', insertStatement).execute({ ...toRowValues(content), id: randomUUID(), now }),
      );
      return row;
    } catch (error) {
      throw await this.translateWriteError(error, content);
    }
  }

  async updateIfVersion(id: string, expectedVersion: number, content: BookContent): Promise<Book | null> {
    try {
      const [row] = await this.statement('updateIfVersion', updateIfVersionStatement).execute({
        ...toRowValues(content),
        id,
        expectedVersion,
        now: new Date(),
      });
      return row ?? null;
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

  /** The position with its row's full sort key in place of the cursor's prefix; as given when that row is gone. */
  private async withFullKey(position: CursorPosition, order: KeysetOrder): Promise<CursorPosition> {
    const [anchor] = await this.db
      .select({ key: sql<unknown>`${sortExpressions[order.field].expr}` })
      .from(books)
      .where(eq(books.id, position.id));
    return anchor ? { key: this.cursorKey(anchor.key), id: position.id } : position;
  }

  private cursorKey(sortKey: unknown): string | number {
    if (sortKey instanceof Date) return sortKey.toISOString();
    if (typeof sortKey === 'number' || typeof sortKey === 'string') return sortKey;
    return String(sortKey);
  }

  /** A duplicate ISBN names the book that has it. */
  private async translateWriteError(error: unknown, content: BookContent): Promise<unknown> {
    if (content.isbn !== null && isUniqueViolation(error)) {
      const [existing] = await this.db
        .select({ id: books.id })
        .from(books)
        .where(eq(books.isbn, content.isbn))
        .limit(1);
      return new DuplicateIsbnError(content.isbn, existing?.id ?? null);
    }
    return error;
  }
}
