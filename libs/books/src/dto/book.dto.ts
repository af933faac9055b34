import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import {
  AUTHOR_MAX,
  AUTHORS_MAX,
  DESCRIPTION_MAX,
  PAGE_COUNT_MAX,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
  YEAR_MAX,
  YEAR_MIN,
} from './book-rules';

/** toISOString(): 24 characters, 27 for a six-digit year. */
const TIMESTAMP = { format: 'date-time', maxLength: 27, example: '2026-11-26T08:00:00.000Z' } as const;

/** A stored book as the API returns it (toBookDto); optional fields are omitted when unset. Limits are BookInputDto's. */
@ApiSchema({ name: 'Book' })
export class BookDto {
  @ApiProperty({ format: 'uuid', maxLength: 36, example: '3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41' })
  id!: string;

  @ApiProperty({ minLength: 1, maxLength: TITLE_MAX, example: 'Dune' })
  title!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: AUTHOR_MAX },
    minItems: 1,
    maxItems: AUTHORS_MAX,
    example: ['Frank Herbert'],
  })
  authors!: string[];

  @ApiPropertyOptional({
    description: 'ISBN-13',
    pattern: '^97[89][0-9]{10}$',
    maxLength: 13,
    example: '9780441172719',
  })
  isbn?: string;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: YEAR_MIN, maximum: YEAR_MAX, example: 1965 })
  publishedYear?: number;

  @ApiPropertyOptional({ pattern: '^[a-z]{2}$', maxLength: 2, example: 'en' })
  language?: string;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: PAGE_COUNT_MAX, example: 412 })
  pageCount?: number;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX, example: 'A desert planet, a noble family, a prophecy.' })
  description?: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX },
    maxItems: TAGS_MAX,
    example: ['science-fiction', 'classic'],
  })
  tags!: string[];

  @ApiProperty(TIMESTAMP)
  createdAt!: string;

  @ApiProperty(TIMESTAMP)
  updatedAt!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    description: 'Starts at 1, +1 on every change; the ETag',
    example: 1,
  })
  version!: number;
}
