import type { Database } from '@app/database';
import { validateInput } from '@app/http';
import fc from 'fast-check';
import { describeOnEachEngine, OpenedDatabase } from '../../../test/support/test-database';
import type { BookContent } from './book';
import { SORT_PARAMS, SortParam } from './book-sort';
import { BooksService } from './books.service';
import { DrizzleBooksRepository } from './drizzle-books.repository';
import { BookInputDto } from './dto/book-input.dto';
import { AUTHOR_MAX, TITLE_MAX } from './dto/book-rules';
import { ListBooksQueryDto } from './dto/list-books.query';

// Cursors end to end: BooksService over the real repository, every query validated as the pipe does
// (the cursor's 1,024-character limit included), so a cursor too long to send back fails here.

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
const emoji = fc.integer({ min: 0x1f300, max: 0x1faff }).map((c) => String.fromCodePoint(c));
/** Control characters the API accepts (all but NUL), and characters whose case changes length or escapes in JSON. */
const awkward = fc.constantFrom('\t', '\n', '\u0001', '\u001f', '\u007f', '"', '\\', 'İ', 'ß', 'Σ', '\u0301', '\u2028');
const letter = fc.oneof(cjk, emoji, awkward, fc.constantFrom('a', 'A', 'z', ' ', '0'));
const text = (max: number) =>
  fc
    .array(letter, { minLength: 1, maxLength: max })
    .map((chars) => chars.join('').trim())
    .filter((s) => s.length > 0);
/** Titles that sort together: long shared prefixes are what a truncated sort key must still tell apart. */
const title = fc.oneof(
  text(TITLE_MAX),
  fc
    .tuple(fc.constantFrom('同'.repeat(240), '🦀'.repeat(290)), fc.array(letter, { maxLength: 10 }))
    .map(([prefix, tail]) => `${prefix}${tail.join('')}`.slice(0, TITLE_MAX * 2)),
);
const book = fc.record({
  title,
  authors: fc.array(text(AUTHOR_MAX), { minLength: 1, maxLength: 3 }),
  publishedYear: fc.option(fc.integer({ min: -3000, max: 2026 }), { nil: undefined }),
});

/** What the API would store: the body validated and normalised by BookInputDto. */
async function contentOf(body: {
  title: string;
  authors: string[];
  publishedYear?: number;
}): Promise<BookContent | null> {
  try {
    const input = await validateInput(BookInputDto, body);
    return {
      title: input.title,
      authors: input.authors,
      isbn: null,
      publishedYear: input.publishedYear ?? null,
      language: null,
      pageCount: null,
      description: null,
      tags: [],
    };
  } catch {
    return null; // e.g. sliced into more than TITLE_MAX characters
  }
}

function pagingContract(open: () => Promise<OpenedDatabase>) {
  let database: Database;
  let cleanup: () => Promise<void>;
  let repository: DrizzleBooksRepository;
  let service: BooksService;

  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await database.migrate();
    repository = new DrizzleBooksRepository(database);
    service = new BooksService(repository);
  }, 180_000);
  afterAll(async () => {
    await database.close();
    await cleanup();
  });

  /** Follows nextCursor to the end, each query validated as the pipe would; the ids in the order served. */
  async function listAll(query: Record<string, string>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await service.list(await validateInput(ListBooksQueryDto, cursor ? { ...query, cursor } : query));
      ids.push(...page.books.map((b) => b.id));
      if (page.nextCursor === null) return ids;
      expect(page.nextCursor.length).toBeLessThanOrEqual(1024);
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  }

  it('reaches the second page of two books titled with 240 CJK characters (sort=title, limit=1)', async () => {
    await database.db.execute('TRUNCATE books');
    const a = await service.create({ title: '書'.repeat(240), authors: ['甲'] } as BookInputDto);
    const b = await service.create({ title: '書'.repeat(239) + '院', authors: ['甲'] } as BookInputDto);
    for (const sort of ['title', '-title']) {
      expect(await listAll({ author: '甲', sort, limit: '1' })).toEqual(sort === 'title' ? [a.id, b.id] : [b.id, a.id]);
    }
  });

  it.each(['title', '-title'])(
    'skips no book when the long-titled book a %s cursor points at is deleted',
    async (sort) => {
      await database.db.execute('TRUNCATE books');
      const prefix = '🦀'.repeat(200);
      const ids: string[] = [];
      for (const tail of ['a', 'b', 'c', 'd']) {
        ids.push((await service.create({ title: prefix + tail, authors: ['x'] } as BookInputDto)).id);
      }
      const inOrder = sort === 'title' ? ids : [...ids].reverse();
      const query = { sort, limit: '2' };
      const first = await service.list(await validateInput(ListBooksQueryDto, query));
      expect(first.books.map((b) => b.id)).toEqual(inOrder.slice(0, 2));
      await repository.delete(inOrder[1]);
      const rest: string[] = [];
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = await service.list(await validateInput(ListBooksQueryDto, { ...query, cursor }));
        rest.push(...page.books.map((b) => b.id));
        cursor = page.nextCursor;
      }
      expect(rest).toEqual(expect.arrayContaining(inOrder.slice(2)));
    },
  );

  it('serves every book exactly once, in every sort, whatever the titles and authors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(book, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...SORT_PARAMS),
        fc.integer({ min: 1, max: 3 }),
        async (bodies, sort: SortParam, limit) => {
          await database.db.execute('TRUNCATE books');
          const stored: string[] = [];
          for (const body of bodies) {
            const content = await contentOf(body);
            if (content) stored.push((await repository.insert(content)).id);
          }
          const served = await listAll({ sort, limit: String(limit) });
          expect([...served].sort()).toEqual([...stored].sort());
        },
      ),
      { numRuns: 40 },
    );
  }, 600_000);
}

describeOnEachEngine('paging with cursors', pagingContract);
