import type { Database } from '@app/database';
import { describeOnEachEngine, OpenedDatabase } from '../../../test/support/test-database';
import type { BookContent } from './book';
import type { BookFilters } from './book-filters';
import { keysetOrderOf, SortParam } from './book-sort';
import type { CursorPosition } from './cursor';
import { DrizzleBooksRepository } from './drizzle-books.repository';
import { DuplicateIsbnError } from './errors/duplicate-isbn.error';

const content = (overrides: Partial<BookContent> = {}): BookContent => ({
  title: 'Untitled',
  authors: ['Anonymous'],
  isbn: null,
  publishedYear: null,
  language: null,
  pageCount: null,
  description: null,
  tags: [],
  ...overrides,
});

/** The contract every BooksRepository engine must honour; run against PGlite and PostgreSQL. */
function repositoryContract(open: () => Promise<OpenedDatabase>) {
  let database: Database;
  let cleanup: () => Promise<void>;
  let repo: DrizzleBooksRepository;

  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await database.migrate();
    repo = new DrizzleBooksRepository(database);
  }, 180_000); // a cold PGlite start takes tens of seconds on a busy machine
  afterAll(async () => {
    await database.close();
    await cleanup();
  });
  beforeEach(async () => {
    await database.db.execute('TRUNCATE books');
  });

  async function listAll(filters: BookFilters, sort: SortParam, limit = 2) {
    const seen: string[] = [];
    let after: CursorPosition | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await repo.list({ filters, order: keysetOrderOf(sort), limit, after });
      seen.push(...page.books.map((b) => b.title));
      if (!page.next) return seen;
      after = page.next;
    }
    throw new Error('paging did not end');
  }

  it('stores a book and reads it back exactly, with server-set fields', async () => {
    const stored = await repo.insert(
      content({ title: 'Dune', authors: ['Frank Herbert'], isbn: '9780441172719', publishedYear: 1965, tags: ['sf'] }),
    );
    expect(stored).toMatchObject({ title: 'Dune', version: 1, isbn: '9780441172719', publishedYear: 1965 });
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(stored.createdAt).toEqual(stored.updatedAt);
    expect(await repo.findById(stored.id)).toEqual(stored);
    expect(Object.keys(stored)).not.toContain('searchText');
    expect(await repo.findById('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it("runs its prepared statements inside the caller's transaction, never beside it", async () => {
    const outside = await repo.insert(content({ title: 'Before' })); // builds the statements on the root handle
    const failed = database.transaction(async () => {
      const inside = await repo.insert(content({ title: 'Rolled back' }));
      expect(await repo.findById(inside.id)).toEqual(inside); // sees its own uncommitted row
      expect(await repo.updateIfVersion(outside.id, 1, content({ title: 'Also rolled back' }))).toMatchObject({
        version: 2,
      });
      throw new Error('abort');
    });
    await expect(failed).rejects.toThrow('abort');
    expect(await repo.count()).toBe(1);
    expect(await repo.findById(outside.id)).toEqual(outside);
  });

  it('rejects a second book with the same ISBN, naming the first', async () => {
    const first = await repo.insert(content({ isbn: '9780441172719' }));
    const other = await repo.insert(content({ isbn: '9780306406157' }));
    const duplicate = await repo.insert(content({ isbn: '9780441172719' })).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(DuplicateIsbnError);
    expect((duplicate as DuplicateIsbnError).existingId).toBe(first.id);
    const onUpdate = await repo
      .updateIfVersion(other.id, 1, content({ isbn: '9780441172719' }))
      .catch((e: unknown) => e);
    expect(onUpdate).toBeInstanceOf(DuplicateIsbnError);
    expect(await repo.count()).toBe(2);
  });

  it('updates only at the expected version and bumps it', async () => {
    const book = await repo.insert(content({ title: 'Old' }));
    const updated = await repo.updateIfVersion(book.id, 1, content({ title: 'New' }));
    expect(updated).toMatchObject({ title: 'New', version: 2, createdAt: book.createdAt });
    expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(book.updatedAt.getTime());
    expect(await repo.updateIfVersion(book.id, 1, content({ title: 'Stale' }))).toBeNull();
    expect((await repo.findById(book.id))!.title).toBe('New');
    expect(await repo.updateIfVersion('00000000-0000-4000-8000-000000000000', 1, content())).toBeNull();
  });

  it('deletes, optionally only at the expected version', async () => {
    const book = await repo.insert(content());
    expect(await repo.delete(book.id, 7)).toBe(false);
    expect(await repo.count()).toBe(1);
    expect(await repo.delete(book.id, 1)).toBe(true);
    expect(await repo.delete(book.id)).toBe(false);
    expect(await repo.count()).toBe(0);
  });

  it('pages through every sort in order, each book exactly once, ties broken by id', async () => {
    const specs: Array<[string, number | null]> = [
      ['banana', 1999],
      ['Apple', 2001],
      ['cherry', null],
      ['apple', 1999],
      ['Date', -500],
      ['elder', null],
    ];
    for (const [title, publishedYear] of specs) await repo.insert(content({ title, publishedYear }));

    const byTitle = await listAll({}, 'title');
    expect(byTitle.map((t) => t.toLowerCase())).toEqual(['apple', 'apple', 'banana', 'cherry', 'date', 'elder']);
    expect(await listAll({}, '-title')).toEqual([...byTitle].reverse());

    const byYear = await listAll({}, 'publishedYear', 4);
    expect(byYear.slice(0, 2).sort()).toEqual(['cherry', 'elder']); // undated sort as the oldest
    expect(byYear.slice(2)).toEqual(['Date', byYear[3], byYear[4], 'Apple']);
    expect(byYear.slice(3, 5).sort()).toEqual(['apple', 'banana']);
    expect(await listAll({}, '-publishedYear', 3)).toEqual([...byYear].reverse());

    const byCreated = await listAll({}, 'createdAt', 1);
    expect(byCreated).toHaveLength(6);
    expect(new Set(byCreated).size).toBe(6);
  });

  it('keeps paging stable while rows are inserted and deleted', async () => {
    for (const title of ['a', 'b', 'c', 'd', 'e']) await repo.insert(content({ title }));
    const first = await repo.list({ filters: {}, order: keysetOrderOf('title'), limit: 2 });
    expect(first.books.map((b) => b.title)).toEqual(['a', 'b']);
    // A row before the cursor appears and the page's last row disappears: the next page is unaffected.
    await repo.insert(content({ title: 'aa' }));
    await repo.delete(first.books[1].id);
    const second = await repo.list({ filters: {}, order: keysetOrderOf('title'), limit: 2, after: first.next! });
    expect(second.books.map((b) => b.title)).toEqual(['c', 'd']);
  });

  it('filters by q (case-insensitive, literal), author, isbn, language, tag and year range', async () => {
    await repo.insert(
      content({
        title: 'The Left Hand of Darkness',
        authors: ['Ursula K. Le Guin'],
        language: 'en',
        publishedYear: 1969,
        tags: ['sf'],
      }),
    );
    await repo.insert(
      content({
        title: '100% Pure_Code',
        authors: ['Jane Doe'],
        language: 'fr',
        publishedYear: 2001,
        isbn: '9780306406157',
      }),
    );
    await repo.insert(
      content({ title: 'Earthsea', authors: ['Ursula K. Le Guin', 'Charles Vess'], tags: ['fantasy', 'sf'] }),
    );
    const titles = async (filters: BookFilters) => (await listAll(filters, 'title', 10)).sort();

    expect(await titles({ q: 'le guin' })).toEqual(['Earthsea', 'The Left Hand of Darkness']);
    expect(await titles({ q: 'DARK' })).toEqual(['The Left Hand of Darkness']); // case-folded to the search column
    expect(await titles({ q: '100%' })).toEqual(['100% Pure_Code']);
    expect(await titles({ q: '%' })).toEqual(['100% Pure_Code']);
    expect(await titles({ q: 'e_c' })).toEqual(['100% Pure_Code']);
    expect(await titles({ q: 'e%c' })).toEqual([]);
    expect(await titles({ author: 'charles vess' })).toEqual(['Earthsea']);
    expect(await titles({ author: 'Vess' })).toEqual([]);
    expect(await titles({ isbn: '9780306406157' })).toEqual(['100% Pure_Code']);
    expect(await titles({ language: 'fr' })).toEqual(['100% Pure_Code']);
    expect(await titles({ tag: 'sf' })).toEqual(['Earthsea', 'The Left Hand of Darkness']);
    expect(await titles({ tag: 'sf', language: 'en' })).toEqual(['The Left Hand of Darkness']);
    expect(await titles({ publishedYearFrom: 1970 })).toEqual(['100% Pure_Code']);
    expect(await titles({ publishedYearTo: 1970 })).toEqual(['The Left Hand of Darkness']);
    expect(await titles({ publishedYearFrom: 1969, publishedYearTo: 2001 })).toHaveLength(2);
  });
}

describeOnEachEngine('DrizzleBooksRepository', repositoryContract);
