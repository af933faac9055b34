import { BOOK_FIELDS, type Book } from './book';
import { bookContentFrom, toBookDto, writtenFieldsOf } from './book-dto.mapper';
import type { BookInputDto } from './dto/book-input.dto';

const stored: Book = {
  id: '3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41',
  title: 'Dune',
  authors: ['Frank Herbert'],
  isbn: '9780441172719',
  publishedYear: null,
  language: 'en',
  pageCount: null,
  description: null,
  tags: [],
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
  updatedAt: new Date('2026-01-03T03:04:05.678Z'),
  version: 2,
};

describe('book DTO mapper', () => {
  it('turns validated input into content: ISBN-13, tags de-duplicated, every absent field null', () => {
    const content = bookContentFrom({
      title: 'Dune',
      authors: ['Frank Herbert'],
      isbn: '0-441-17271-7',
      tags: ['sf', 'sf', 'classic'],
    } as BookInputDto);
    expect(content).toEqual({
      title: 'Dune',
      authors: ['Frank Herbert'],
      isbn: '9780441172719',
      publishedYear: null,
      language: null,
      pageCount: null,
      description: null,
      tags: ['sf', 'classic'],
    });
    expect(Object.keys(content)).toEqual([...BOOK_FIELDS]);
  });

  it('gives the written fields of a stored book, without unset optionals or server fields', () => {
    expect(writtenFieldsOf(stored)).toEqual({
      title: 'Dune',
      authors: ['Frank Herbert'],
      isbn: '9780441172719',
      language: 'en',
      tags: [],
    });
  });

  it('answers every set field, timestamps as ISO 8601, and omits unset optionals', () => {
    expect(toBookDto(stored)).toEqual({
      id: stored.id,
      title: 'Dune',
      authors: ['Frank Herbert'],
      isbn: '9780441172719',
      language: 'en',
      tags: [],
      createdAt: '2026-01-02T03:04:05.678Z',
      updatedAt: '2026-01-03T03:04:05.678Z',
      version: 2,
    });
  });
});
