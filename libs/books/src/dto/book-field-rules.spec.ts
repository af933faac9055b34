import { FieldError, validateInput, ValidationFailedError } from '@app/http';
import { BOOK_FIELDS } from '../book';
import { BookFieldRules } from './book-field-rules';
import { BookInputDto } from './book-input.dto';
import { BookPatchDto } from './book-patch.dto';

async function errorsFor(cls: typeof BookInputDto | typeof BookPatchDto, body: object): Promise<FieldError[]> {
  try {
    await validateInput(cls, body);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
  return [];
}

const valid = { title: 'Dune', authors: ['Frank Herbert'] };
const bad: Record<string, unknown[]> = {
  title: [42, '', ' ', 'x'.repeat(301), 'a\u0000b'],
  authors: ['Frank', [], [''], Array(21).fill('a')],
  isbn: [9780441172719, '978-0-441-17271-8'],
  publishedYear: ['1965', 1.5, -3001, 99999],
  language: ['EN', 'xx', 3],
  pageCount: [0, 100_001, '12'],
  description: [7, 'x'.repeat(5001)],
  tags: ['sf', [''], Array(21).fill('t')],
};

describe('BookFieldRules', () => {
  it('has rules for exactly the written fields', () => {
    expect(Object.keys(BookFieldRules)).toEqual([...BOOK_FIELDS]);
  });

  it.each(Object.entries(bad).flatMap(([field, values]) => values.map((value) => [field, value] as const)))(
    'makes the body and the patch refuse %s = %p with the same message',
    async (field, value) => {
      const asInput = await errorsFor(BookInputDto, { ...valid, [field]: value });
      expect(asInput).toHaveLength(1);
      expect(asInput[0].field.startsWith(field)).toBe(true);
      expect(await errorsFor(BookPatchDto, { [field]: value })).toEqual(asInput);
    },
  );
});
