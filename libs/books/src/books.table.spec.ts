import { getTableColumns } from 'drizzle-orm';
import { BOOK_FIELDS } from './book';
import { bookColumns, books } from './books.table';

describe('books table', () => {
  it('has a column for each written field, the server-set fields and the two derived search columns', () => {
    expect(Object.keys(getTableColumns(books)).sort()).toEqual(
      [...BOOK_FIELDS, 'id', 'createdAt', 'updatedAt', 'version', 'authorKeys', 'searchText'].sort(),
    );
  });

  it('reads every column but the derived ones', () => {
    expect(Object.keys(bookColumns())).toEqual(
      Object.keys(getTableColumns(books)).filter((c) => c !== 'authorKeys' && c !== 'searchText'),
    );
  });
});
