import { FieldError, validateInput, ValidationFailedError } from '@app/http';
import { BookInputDto } from './book-input.dto';

const valid = { title: 'Dune', authors: ['Frank Herbert'] };
const nextYear = new Date().getUTCFullYear() + 1;

async function errorsFor(patch: Record<string, unknown>): Promise<FieldError[]> {
  try {
    await validateInput(BookInputDto, { ...valid, ...patch });
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
  return [];
}

const fieldsRejected = async (patch: Record<string, unknown>) => (await errorsFor(patch)).map((e) => e.field);

describe('BookInputDto', () => {
  it('accepts a full book and normalises it', async () => {
    const book = await validateInput(BookInputDto, {
      title: '  Dune ',
      authors: [' Frank Herbert '],
      isbn: '978-0-441-17271-9',
      publishedYear: 1965,
      language: 'en',
      pageCount: 412,
      description: 'A desert planet.',
      tags: [' SciFi', 'classic', 'scifi', 'Classic '],
    });
    expect(book).toMatchObject({
      title: 'Dune',
      authors: ['Frank Herbert'],
      tags: ['scifi', 'classic', 'scifi', 'classic'],
      publishedYear: 1965,
    });
  });

  describe('title', () => {
    it.each([
      ['300 characters', 'x'.repeat(300), []],
      ['301 characters', 'x'.repeat(301), ['title']],
      ['whitespace only', '   ', ['title']],
      ['missing', undefined, ['title']],
      ['a number', 42, ['title']],
      ['containing NUL', 'Du\u0000ne', ['title']],
    ])('%s → rejects %j', async (_case, title, fields) => {
      expect(await fieldsRejected({ title })).toEqual(fields);
    });
  });

  describe('authors', () => {
    it.each([
      ['20 authors', Array.from({ length: 20 }, (_, i) => `A${i}`), []],
      ['21 authors', Array.from({ length: 21 }, (_, i) => `A${i}`), ['authors']],
      ['no author', [], ['authors']],
      ['a string', 'Frank Herbert', ['authors']],
      ['a 200-character name', ['y'.repeat(200)], []],
    ])('%s → rejects %j', async (_case, authors, fields) => {
      expect(await fieldsRejected({ authors })).toEqual(fields);
    });

    it('names exactly the bad elements, after trimming', async () => {
      expect(await fieldsRejected({ authors: ['Ann', '   ', 'Bo', 'z'.repeat(201), 7] })).toEqual([
        'authors[1]',
        'authors[3]',
        'authors[4]',
      ]);
    });
  });

  describe('isbn', () => {
    it.each(['978-0-441-17271-9', '9780441172719', '978 0 441 17271 9', '0-441-17271-7', '0-8044-2957-X'])(
      'accepts %p',
      async (isbn) => {
        expect(await fieldsRejected({ isbn })).toEqual([]);
      },
    );

    it.each(['978-0-441-17271-8', '0-441-17271-6', '12345', 'ISBN 9780441172719', 9780441172719])(
      'rejects %p',
      async (isbn) => {
        expect(await fieldsRejected({ isbn })).toEqual(['isbn']);
      },
    );
  });

  describe('publishedYear', () => {
    it.each([-3000, 0, 1965, nextYear])('accepts %p', async (publishedYear) => {
      expect(await fieldsRejected({ publishedYear })).toEqual([]);
    });

    it.each([-3001, nextYear + 1, '1965', 1965.5])('rejects %p', async (publishedYear) => {
      expect(await fieldsRejected({ publishedYear })).toEqual(['publishedYear']);
    });
  });

  describe('language', () => {
    it('accepts an ISO 639-1 code', async () => {
      expect(await fieldsRejected({ language: 'en' })).toEqual([]);
    });

    it.each(['EN', 'xx', 'eng', 'e', 7])('rejects %p', async (language) => {
      expect(await fieldsRejected({ language })).toEqual(['language']);
    });
  });

  describe('pageCount and description', () => {
    it.each([
      [{ pageCount: 1 }, []],
      [{ pageCount: 100000 }, []],
      [{ pageCount: 0 }, ['pageCount']],
      [{ pageCount: 100001 }, ['pageCount']],
      [{ pageCount: 12.5 }, ['pageCount']],
      [{ description: 'd'.repeat(5000) }, []],
      [{ description: 'd'.repeat(5001) }, ['description']],
      [{ description: 'bad \ud800 text' }, ['description']],
    ])('%j → rejects %j', async (patch, fields) => {
      expect(await fieldsRejected(patch)).toEqual(fields);
    });
  });

  describe('tags', () => {
    it('lower-cases and trims each tag in place (BooksService removes duplicates when storing)', async () => {
      const book = await validateInput(BookInputDto, { ...valid, tags: ['Classic', 'SF', ' classic', 'sf '] });
      expect(book.tags).toEqual(['classic', 'sf', 'classic', 'sf']);
    });

    it.each([
      ['20 tags', Array.from({ length: 20 }, (_, i) => `t${i}`), []],
      ['21 tags', Array.from({ length: 21 }, (_, i) => `t${i}`), ['tags']],
      ['a 50-character tag', ['t'.repeat(50)], []],
      ['a 51-character tag', ['ok', 't'.repeat(51)], ['tags[1]']],
      ['an empty tag', ['ok', '  '], ['tags[1]']],
    ])('%s → rejects %j', async (_case, tags, fields) => {
      expect(await fieldsRejected({ tags })).toEqual(fields);
    });

    // Duplicates are removed after validation, so the index is the one in the request.
    it('names a bad tag by its index in the request, even after duplicates are removed', async () => {
      expect(await fieldsRejected({ tags: ['a', 'A', 7] })).toEqual(['tags[2]']);
    });
  });

  describe('the body as a whole', () => {
    it('rejects an unknown property, naming it', async () => {
      expect(await errorsFor({ subtitle: 'x' })).toEqual([
        { field: 'subtitle', message: expect.stringContaining('subtitle') },
      ]);
    });

    it('accepts null for every optional field as absent', async () => {
      const nulls = { isbn: null, publishedYear: null, language: null, pageCount: null, description: null, tags: null };
      expect(await fieldsRejected(nulls)).toEqual([]);
    });

    it('rejects wrong types, naming each field', async () => {
      const wrong = {
        title: 1,
        authors: 'A',
        isbn: 1,
        publishedYear: '1965',
        language: 1,
        pageCount: '412',
        description: 1,
        tags: 'x',
      };
      expect((await fieldsRejected(wrong)).sort()).toEqual(Object.keys(wrong).sort());
    });

    // class-validator runs rules bottom-up and stops at the first failure: the type check is declared last.
    it.each([
      [{ publishedYear: '1965' }, /integer/],
      [{ pageCount: '412' }, /integer/],
      [{ title: 42 }, /string/],
      [{ authors: 'Frank Herbert' }, /array/],
      [{ language: 'EN' }, /two lowercase letters/],
    ])('reports the first declared rule it breaks for %j', async (patch, message) => {
      const [error] = await errorsFor(patch);
      expect(error.message).toMatch(message);
    });
  });
});
