import { BookContent } from '@app/books';
import { Database, openDatabase } from '@app/database';
import { Client } from 'pg';
import { BookFilters } from '../../libs/books/src/book-filters';
import { keysetOrderOf, SortParam } from '../../libs/books/src/book-sort';
import { CursorPosition } from '../../libs/books/src/cursor';
import { DrizzleBooksRepository } from '../../libs/books/src/drizzle-books.repository';
import { createTestDatabase, describePostgres, TestDatabase } from '../support/test-database';
import { catalogueSlice } from '../../bench/catalogue';
import { catalogueRows, INSERT_CATALOGUE_SQL, seedCatalogue } from '../../bench/catalogue-seed';
import { CapturedQuery, PgQueryRecorder } from './query-capture';

// Every listing query the repository generates is EXPLAINed on a realistic, ANALYZEd catalogue: a dropped
// index or a query rewritten so that it can no longer use its index fails here, long before production.

const CATALOGUE_SIZE = 20_000;
const PAGE = 20;
const NICHE_TAG = 'incunabula';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** The least frequent value (that occurs at all) among `values`: a selective filter. */
function rarest<T>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => a[1] - b[1])[0][0];
}

describePostgres('listing queries use their indexes (EXPLAIN on 20,000 books)', () => {
  let testDb: TestDatabase;
  let database: Database;
  let admin: Client;
  let recorder: PgQueryRecorder;
  let repo: DrizzleBooksRepository;
  let catalogue: BookContent[];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    recorder = new PgQueryRecorder();
    database = await openDatabase({
      url: testDb.url,
      dataDir: '',
      poolSize: 2,
      queryTimeoutMs: 30_000,
      connectTimeoutMs: 10_000,
      migrateOnStart: false,
    });
    await database.migrate();
    repo = new DrizzleBooksRepository(database);
    catalogue = catalogueSlice(0, CATALOGUE_SIZE);
    admin = new Client({ connectionString: testDb.url });
    await admin.connect();
    // Seeded as the benchmark seeds it: the repository writes one book at a time.
    await seedCatalogue((text, params) => admin.query(text, params), CATALOGUE_SIZE);
    // A handful of books with a niche tag: the catalogue's rarest tag is still on 1 % of books, where walking
    // the sort index is rightly cheaper than the tags index.
    const niche = catalogueRows(CATALOGUE_SIZE, 5, new Date()).map((row) => ({ ...row, tags: [NICHE_TAG] }));
    await admin.query(INSERT_CATALOGUE_SQL, [JSON.stringify(niche)]);
    // As autovacuum would: flushes the GIN pending lists the bulk load filled, and gathers statistics.
    await admin.query('VACUUM ANALYZE books');
  }, 180_000);

  afterAll(async () => {
    recorder?.stop();
    await admin?.end();
    await database?.close();
    await testDb?.drop();
  });

  async function listQuery(filters: BookFilters, sort: SortParam, after?: CursorPosition): Promise<CapturedQuery> {
    return recorder.capture(() => repo.list({ filters, order: keysetOrderOf(sort), limit: PAGE, after }));
  }

  async function planOf({ sql, params }: CapturedQuery): Promise<PlanNode[]> {
    const { rows } = await admin.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    return nodesOf(rows[0]['QUERY PLAN'][0].Plan);
  }

  async function expectIndex(query: CapturedQuery, index: string): Promise<void> {
    const nodes = await planOf(query);
    const summary = nodes.map((n) => `${n['Node Type']}${n['Index Name'] ? ` on ${n['Index Name']}` : ''}`);
    expect(summary.join('\n')).toContain(` on ${index}`);
    // Never a read of the whole table.
    expect(summary.filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
  }

  it.each<[SortParam, string]>([
    ['createdAt', 'books_created_at_id_idx'],
    ['-createdAt', 'books_created_at_id_idx'],
    ['title', 'books_title_sort_idx'],
    ['-title', 'books_title_sort_idx'],
    ['publishedYear', 'books_published_year_sort_idx'],
    ['-publishedYear', 'books_published_year_sort_idx'],
  ])('first page sorted by %s walks %s', async (sort, index) => {
    await expectIndex(await listQuery({}, sort), index);
  });

  it.each<[SortParam, string]>([
    ['createdAt', 'books_created_at_id_idx'],
    ['-title', 'books_title_sort_idx'],
    ['-publishedYear', 'books_published_year_sort_idx'],
  ])('a cursor page sorted by %s starts inside %s', async (sort, index) => {
    const first = await repo.list({ filters: {}, order: keysetOrderOf(sort), limit: PAGE });
    expect(first.next).not.toBeNull();
    const query = await listQuery({}, sort, first.next!);
    await expectIndex(query, index);
    // The row comparison (key, id) > (…) is an index condition: the scan starts at the cursor, it does not filter.
    const scan = (await planOf(query)).find((n) => n['Index Name'] === index);
    expect(scan?.['Index Cond']).toMatch(/ROW\(/);
  });

  it('q (substring of title or author) uses the trigram index', async () => {
    const q = rarest(catalogue.flatMap((b) => b.authors)).toLowerCase();
    await expectIndex(await listQuery({ q }, 'createdAt'), 'books_search_text_trgm_idx');
  });

  it('author uses the author-keys index', async () => {
    const author = rarest(catalogue.flatMap((b) => b.authors));
    await expectIndex(await listQuery({ author }, 'title'), 'books_author_keys_idx');
  });

  it('a niche tag uses the tags index', async () => {
    await expectIndex(await listQuery({ tag: NICHE_TAG }, 'createdAt'), 'books_tags_idx');
  });

  it('language uses the language index', async () => {
    const language = rarest(catalogue.flatMap((b) => (b.language ? [b.language] : [])));
    await expectIndex(await listQuery({ language }, 'createdAt'), 'books_language_idx');
  });

  it('isbn uses the unique ISBN index', async () => {
    const isbn = catalogue.find((b) => b.isbn !== null)!.isbn!;
    await expectIndex(await listQuery({ isbn }, 'createdAt'), 'books_isbn_key');
  });

  it('a year range sorted by -publishedYear walks the year index, range and order at once', async () => {
    const query = await listQuery({ publishedYearFrom: 1960, publishedYearTo: 1990 }, '-publishedYear');
    await expectIndex(query, 'books_published_year_sort_idx');
    expect((await planOf(query)).map((n) => n['Node Type'])).not.toContain('Sort');
  });

  it('a common filter value walks the sort index instead of sorting thousands of rows', async () => {
    const query = await listQuery({ language: 'en' }, 'createdAt');
    await expectIndex(query, 'books_created_at_id_idx');
    expect((await planOf(query)).map((n) => n['Node Type'])).not.toContain('Sort');
  });
});
