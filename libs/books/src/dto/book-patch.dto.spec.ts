import { FieldError, validateInput, ValidationFailedError } from '@app/http';
import { BookPatchDto } from './book-patch.dto';

async function errorsFor(patch: unknown): Promise<FieldError[]> {
  try {
    await validateInput(BookPatchDto, patch);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
  return [];
}

describe('BookPatchDto (a JSON Merge Patch of a book)', () => {
  it('accepts an empty patch and any subset of valid fields, normalised as in BookInputDto', async () => {
    expect(await errorsFor({})).toEqual([]);
    const patch = await validateInput(BookPatchDto, { title: '  Dune Messiah ', tags: [' SF ', 'sf'] });
    expect(patch).toMatchObject({ title: 'Dune Messiah', tags: ['sf', 'sf'] });
  });

  it.each(['isbn', 'publishedYear', 'language', 'pageCount', 'description', 'tags'])(
    'accepts null for the optional %s (it removes the field)',
    async (field) => {
      expect(await errorsFor({ [field]: null })).toEqual([]);
    },
  );

  it.each(['title', 'authors'])('rejects null for the required %s, naming it', async (field) => {
    expect(await errorsFor({ [field]: null })).toEqual([{ field, message: expect.any(String) }]);
  });

  it('rejects each bad field with the rules of BookInputDto, naming it', async () => {
    const errors = await errorsFor({ title: '', authors: [], isbn: '123', pageCount: 0, tags: ['ok', ''] });
    expect(errors.map((e) => e.field)).toEqual(['title', 'authors', 'isbn', 'pageCount', 'tags[1]']);
  });

  it('rejects an unknown property, naming it', async () => {
    expect(await errorsFor({ subtitle: 'x' })).toEqual([{ field: 'subtitle', message: expect.any(String) }]);
  });

  it('rejects a patch that is not an object', async () => {
    expect(await errorsFor(['title'])).toHaveLength(1);
  });
});
