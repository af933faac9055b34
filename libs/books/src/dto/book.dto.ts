import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Book } from '../book';

/** A stored book as the API returns it; optional fields are omitted when unset. */
export class BookDto {
  @ApiProperty({ format: 'uuid', example: '3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41' })
  id!: string;

  @ApiProperty({ example: 'Dune' })
  title!: string;

  @ApiProperty({ type: [String], example: ['Frank Herbert'] })
  authors!: string[];

  @ApiPropertyOptional({ description: 'ISBN-13', pattern: '^97[89][0-9]{10}$', example: '9780441172719' })
  isbn?: string;

  @ApiPropertyOptional({ type: 'integer', example: 1965 })
  publishedYear?: number;

  @ApiPropertyOptional({ example: 'en' })
  language?: string;

  @ApiPropertyOptional({ type: 'integer', example: 412 })
  pageCount?: number;

  @ApiPropertyOptional({ example: 'A desert planet, a noble family, a prophecy.' })
  description?: string;

  @ApiProperty({ type: [String], example: ['science-fiction', 'classic'] })
  tags!: string[];

  @ApiProperty({ format: 'date-time', example: '2026-11-26T08:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T08:00:00.000Z' })
  updatedAt!: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Starts at 1, +1 on every change; the ETag', example: 1 })
  version!: number;

  static from(book: Book): BookDto {
    const dto: BookDto = {
      id: book.id,
      title: book.title,
      authors: book.authors,
      tags: book.tags,
      createdAt: book.createdAt.toISOString(),
      updatedAt: book.updatedAt.toISOString(),
      version: book.version,
    };
    if (book.isbn !== null) dto.isbn = book.isbn;
    if (book.publishedYear !== null) dto.publishedYear = book.publishedYear;
    if (book.language !== null) dto.language = book.language;
    if (book.pageCount !== null) dto.pageCount = book.pageCount;
    if (book.description !== null) dto.description = book.description;
    return dto;
  }
}
