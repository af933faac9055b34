import { PreconditionFailedError, ValidationFailedError } from '@app/http';
import { randomUUID } from 'node:crypto';
import type { Book, BookContent } from './book';
import { keysetOrderOf } from './book-sort';
import { BookSlice, BooksRepository, SliceRequest } from './books.repository';
import { BooksService } from './books.service';
import { decodeCursor, encodeCursor } from './cursor';
import type { BookInputDto } from './dto/book-input.dto';
import type { ListBooksQueryDto } from './dto/list-books.query';
import { BookNotFoundError } from './errors/book-not-found.error';
import { ConcurrentModificationError } from './errors/concurrent-modification.error';

/** The storage port over an array; `racesToLose` makes conditional writes lose that many races to another writer. */
class InMemoryBooksRepository extends BooksRepository {
  books: Book[] = [];
  racesToLose = 0;
  updateAttempts = 0;
  listCalls: SliceRequest[] = [];
  nextPage: BookSlice = { books: [], next: null };

  async findById(id: string) {
    return this.books.find((b) => b.id === id) ?? null;
  }

  async list(request: SliceRequest) {
    this.listCalls.push(request);
    return this.nextPage;
  }

  async insert(content: BookContent) {
    const now = new Date();
    const book: Book = { ...content, id: randomUUID(), createdAt: now, updatedAt: now, version: 1 };
    this.books.push(book);
    return book;
  }

  async updateIfVersion(id: string, expectedVersion: number, content: BookContent) {
    this.updateAttempts++;
    const index = this.books.findIndex((b) => b.id === id);
    if (index < 0) return null;
    if (this.racesToLose > 0) {
      this.racesToLose--;
      this.otherWriterChanges(id, { title: `${this.books[index].title} (edited elsewhere)` });
      return null;
    }
    if (this.books[index].version !== expectedVersion) return null;
    this.books[index] = { ...this.books[index], ...content, version: expectedVersion + 1, updatedAt: new Date() };
    return this.books[index];
  }

  async delete(id: string, expectedVersion?: number) {
    if (expectedVersion !== undefined && this.racesToLose > 0) {
      this.racesToLose--;
      this.otherWriterChanges(id, { pageCount: 1 });
      return false;
    }
    const before = this.books.length;
    this.books = this.books.filter(
      (b) => b.id !== id || (expectedVersion !== undefined && b.version !== expectedVersion),
    );
    return this.books.length < before;
  }

  async count() {
    return this.books.length;
  }

  otherWriterChanges(id: string, change: Partial<BookContent>) {
    const index = this.books.findIndex((b) => b.id === id);
    this.books[index] = { ...this.books[index], ...change, version: this.books[index].version + 1 };
  }
}

const dune = { title: 'Dune', authors: ['Frank Herbert'] } as BookInputDto;

describe('BooksService', () => {
  let repository: InMemoryBooksRepository;
  let service: BooksService;
  let stored: Book;

  beforeEach(async () => {
    repository = new InMemoryBooksRepository();
    service = new BooksService(repository);
    stored = await service.create({
      ...dune,
      isbn: '978-0-441-17271-9',
      pageCount: 412,
      tags: ['classic'],
    } as BookInputDto);
  });

  const snapshot = () => structuredClone(repository.books);

  describe('create', () => {
    it('stores the ISBN as 13 digits and absent optionals as null', async () => {
      const book = await service.create({ ...dune, isbn: '0-441-17271-7' } as BookInputDto);
      expect(book).toMatchObject({
        title: 'Dune',
        authors: ['Frank Herbert'],
        isbn: '9780441172719',
        publishedYear: null,
        language: null,
        pageCount: null,
        description: null,
        tags: [],
        version: 1,
      });
    });

    it('treats null optionals as absent', async () => {
      const book = await service.create({ ...dune, isbn: null, description: null } as unknown as BookInputDto);
      expect(book).toMatchObject({ isbn: null, description: null });
    });
  });

  describe('get', () => {
    it('throws BookNotFoundError for an unknown id', async () => {
      await expect(service.get(randomUUID())).rejects.toBeInstanceOf(BookNotFoundError);
    });
  });

  describe('replace', () => {
    it('replaces every field when If-Match is current', async () => {
      const book = await service.replace(
        stored.id,
        { title: 'Dune Messiah', authors: ['F. Herbert'] } as BookInputDto,
        1,
      );
      expect(book).toMatchObject({ title: 'Dune Messiah', isbn: null, pageCount: null, tags: [], version: 2 });
    });

    it('rejects a stale If-Match with 412 naming the current ETag, and writes nothing', async () => {
      repository.otherWriterChanges(stored.id, { pageCount: 500 });
      const before = snapshot();
      const attempt = service.replace(stored.id, { ...dune, title: 'Mine' } as BookInputDto, 1);
      await expect(attempt).rejects.toThrow(PreconditionFailedError);
      await expect(attempt).rejects.toMatchObject({ currentVersion: 2 });
      expect(repository.books).toEqual(before);
      expect(repository.updateAttempts).toBe(0);
    });
  });

  describe('patch', () => {
    it('merges the patch into the stored book', async () => {
      const book = await service.patch(stored.id, { tags: ['new', 'new'], language: 'en' });
      expect(book).toMatchObject({
        title: 'Dune',
        isbn: '9780441172719',
        pageCount: 412,
        tags: ['new'],
        language: 'en',
        version: 2,
      });
    });

    it('removes an optional field patched with null', async () => {
      const book = await service.patch(stored.id, { isbn: null, tags: null });
      expect(book).toMatchObject({ isbn: null, tags: [], pageCount: 412 });
    });

    it('rejects a stale If-Match with 412 and writes nothing', async () => {
      repository.otherWriterChanges(stored.id, { pageCount: 500 });
      const before = snapshot();
      await expect(service.patch(stored.id, { pageCount: 1 }, 1)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(repository.books).toEqual(before);
    });

    it('re-applies an unconditional patch to the newer version after losing a race', async () => {
      repository.racesToLose = 1;
      const book = await service.patch(stored.id, { pageCount: 999 });
      expect(repository.updateAttempts).toBe(2);
      expect(book).toMatchObject({ title: 'Dune (edited elsewhere)', pageCount: 999, version: 3 });
    });

    it('answers 412 instead of retrying when If-Match was sent and the race was lost', async () => {
      repository.racesToLose = 1;
      await expect(service.patch(stored.id, { pageCount: 999 }, 1)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(repository.updateAttempts).toBe(1);
    });

    it('gives up with ConcurrentModificationError after 5 lost races', async () => {
      repository.racesToLose = 5;
      await expect(service.patch(stored.id, { pageCount: 999 })).rejects.toBeInstanceOf(ConcurrentModificationError);
      expect(repository.updateAttempts).toBe(5);
      expect((await service.get(stored.id)).pageCount).toBe(412);
    });

    it('succeeds on the last allowed attempt', async () => {
      repository.racesToLose = 4;
      await expect(service.patch(stored.id, { pageCount: 999 })).resolves.toMatchObject({ pageCount: 999 });
    });
  });

  describe('delete', () => {
    it('deletes without If-Match', async () => {
      await service.delete(stored.id);
      expect(await service.count()).toBe(0);
    });

    it('deletes with a current If-Match', async () => {
      await service.delete(stored.id, 1);
      expect(await service.count()).toBe(0);
    });

    it('keeps the book and answers 412 for a stale If-Match', async () => {
      repository.otherWriterChanges(stored.id, { pageCount: 1 });
      await expect(service.delete(stored.id, 1)).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await service.count()).toBe(1);
    });

    it('answers 412 when another writer changes the book between the If-Match check and the delete', async () => {
      repository.racesToLose = 1;
      await expect(service.delete(stored.id, 1)).rejects.toMatchObject({
        constructor: PreconditionFailedError,
        currentVersion: 2,
      });
      expect(await service.count()).toBe(1);
    });

    it.each([undefined, 1, '*' as const])(
      'throws BookNotFoundError for a missing book (expecting %p)',
      async (ifMatch) => {
        await expect(service.delete(randomUUID(), ifMatch)).rejects.toBeInstanceOf(BookNotFoundError);
      },
    );
  });

  describe('list', () => {
    const position = { key: 'dune', id: randomUUID() };

    it('uses the defaults, and passes the filters the query DTO normalised, without absent ones', async () => {
      await service.list({ isbn: '9780441172719', tag: 'sf', q: undefined } as ListBooksQueryDto);
      expect(repository.listCalls).toEqual([
        {
          filters: { isbn: '9780441172719', tag: 'sf' },
          order: keysetOrderOf('createdAt'),
          limit: 20,
          after: undefined,
        },
      ]);
    });

    it('passes the decoded cursor and encodes the next one', async () => {
      const filters = { tag: 'sf' };
      const next = { key: 'emma', id: randomUUID() };
      repository.nextPage = { books: [stored], next };
      const cursor = encodeCursor(keysetOrderOf('-title'), filters, position);
      const page = await service.list({ tag: 'sf', sort: '-title', limit: 5, cursor } as ListBooksQueryDto);
      expect(repository.listCalls[0]).toEqual({
        filters,
        order: keysetOrderOf('-title'),
        limit: 5,
        after: position,
      });
      expect(page.books).toEqual([stored]);
      expect(decodeCursor(page.nextCursor!, keysetOrderOf('-title'), filters)).toEqual(next);
    });

    it('answers a null nextCursor on the last page', async () => {
      expect((await service.list({} as ListBooksQueryDto)).nextCursor).toBeNull();
    });

    it('rejects a cursor issued for another sort on the cursor field, without querying', async () => {
      const cursor = encodeCursor(keysetOrderOf('title'), {}, position);
      await expect(service.list({ sort: '-title', cursor } as ListBooksQueryDto)).rejects.toMatchObject({
        constructor: ValidationFailedError,
        errors: [{ field: 'cursor', message: expect.stringContaining('sort=title') }],
      });
      expect(repository.listCalls).toEqual([]);
    });
  });
});
