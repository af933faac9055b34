import { BOOK_FIELDS, type Book, type BookContent } from './book';
import type { BookInputDto } from './dto/book-input.dto';
import type { BookDto } from './dto/book.dto';
import { isbn13From } from './isbn';

// The HTTP boundary of the Book, both ways: request DTO → domain content, domain → response DTO.

/** Validated input → stored content: ISBN as 13 digits, tags de-duplicated, absent optionals as null. */
export function bookContentFrom(input: BookInputDto): BookContent {
  const content = Object.fromEntries(BOOK_FIELDS.map((field) => [field, input[field] ?? null])) as BookContent;
  content.isbn = content.isbn === null ? null : isbn13From(content.isbn);
  content.tags = [...new Set(content.tags ?? [])];
  return content;
}

/** The stored book as the client wrote it (unset optionals omitted): the document a merge patch applies to. */
export function writtenFieldsOf(book: Book): Partial<BookContent> {
  return Object.fromEntries(BOOK_FIELDS.filter((field) => book[field] !== null).map((field) => [field, book[field]]));
}

/** A stored book as the API returns it: unset optionals omitted, timestamps as ISO 8601. */
export function toBookDto(book: Book): BookDto {
  const dto: Record<string, unknown> = {};
  // for…in, not Object.entries: no pair array per field (a listing maps 20 books of 14 fields per request).
  for (const key in book) {
    const value = book[key as keyof Book];
    if (value !== null) dto[key] = value instanceof Date ? value.toISOString() : value;
  }
  return dto as unknown as BookDto;
}
