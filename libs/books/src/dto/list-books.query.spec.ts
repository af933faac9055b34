import { FieldError, validateInput, ValidationFailedError } from '@app/http';
import { ListBooksQueryDto } from './list-books.query';

async function errorsFor(query: Record<string, string>): Promise<FieldError[]> {
  try {
    await validateInput(ListBooksQueryDto, query);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
  return [];
}

const fieldsRejected = async (query: Record<string, string>) => (await errorsFor(query)).map((e) => e.field);

describe('ListBooksQueryDto (values as a query string gives them)', () => {
  it('turns whole numbers into numbers and normalises text', async () => {
    const query = await validateInput(ListBooksQueryDto, {
      limit: '20',
      publishedYearFrom: '-500',
      publishedYearTo: '2000',
      tag: ' SciFi ',
      q: '  dune ',
      author: ' Frank Herbert ',
      isbn: '0-441-17271-7',
    });
    expect(query).toEqual({
      isbn: '9780441172719',
      limit: 20,
      publishedYearFrom: -500,
      publishedYearTo: 2000,
      tag: 'scifi',
      q: 'dune',
      author: 'Frank Herbert',
    });
  });

  it('accepts an empty query', async () => {
    expect(await validateInput(ListBooksQueryDto, {})).toEqual({});
  });

  it.each(['abc', '0', '101', '1.5', '-1', '', '1e1'])('rejects limit=%p', async (limit) => {
    expect(await fieldsRejected({ limit })).toEqual(['limit']);
  });

  // The type check runs first (declared last), so the message says what is wrong.
  it('says why limit=abc is rejected', async () => {
    expect((await errorsFor({ limit: 'abc' }))[0].message).toMatch(/integer/);
  });

  it.each(['1', '100'])('accepts limit=%p', async (limit) => {
    expect(await fieldsRejected({ limit })).toEqual([]);
  });

  it.each(['title', '-title', 'publishedYear', '-publishedYear', 'createdAt', '-createdAt'])(
    'accepts sort=%p',
    async (sort) => {
      expect(await fieldsRejected({ sort })).toEqual([]);
    },
  );

  it.each(['author', 'TITLE', '+title', ''])('rejects sort=%p', async (sort) => {
    expect(await fieldsRejected({ sort })).toEqual(['sort']);
  });

  it.each(['9780441172719', '978-0-441-17271-9', '0 441 17271 7'])('accepts isbn=%p in any form', async (isbn) => {
    expect(await fieldsRejected({ isbn })).toEqual([]);
  });

  it('rejects an ISBN with a bad check digit', async () => {
    expect(await fieldsRejected({ isbn: '9780441172718' })).toEqual(['isbn']);
  });

  it.each([
    [{ publishedYearFrom: '-3001' }, ['publishedYearFrom']],
    [{ publishedYearTo: '10000' }, ['publishedYearTo']],
    [{ publishedYearTo: 'last year' }, ['publishedYearTo']],
    [{ q: '   ' }, ['q']],
    [{ q: 'q'.repeat(201) }, ['q']],
    [{ tag: 't'.repeat(51) }, ['tag']],
    [{ cursor: 'c'.repeat(1025) }, ['cursor']],
  ])('rejects %j', async (query, fields) => {
    expect(await fieldsRejected(query)).toEqual(fields);
  });

  it('accepts language=en', async () => {
    expect(await fieldsRejected({ language: 'en' })).toEqual([]);
  });

  // The same rule as the body: stored codes are lower case, so `EN` would silently match nothing.
  it.each(['EN', '1!'])('rejects language=%p like the body does', async (language) => {
    expect(await fieldsRejected({ language })).toEqual(['language']);
  });

  it('rejects an unknown parameter, naming it', async () => {
    expect(await errorsFor({ page: '2' })).toEqual([{ field: 'page', message: expect.stringContaining('page') }]);
  });
});
