import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { BookFieldRules } from './book-field-rules';
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

/** The body of createBook and replaceBook: each field's rules are BookFieldRules'; optional fields may be null. */
@ApiSchema({ name: 'BookInput' })
export class BookInputDto {
  @ApiProperty({ description: 'Title, trimmed', minLength: 1, maxLength: TITLE_MAX, example: 'Dune' })
  @BookFieldRules.title()
  title!: string;

  @ApiProperty({
    description: `Authors in credit order, each trimmed, 1–${AUTHOR_MAX} characters`,
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: AUTHOR_MAX },
    minItems: 1,
    maxItems: AUTHORS_MAX,
    example: ['Frank Herbert'],
  })
  @BookFieldRules.authors()
  authors!: string[];

  @ApiPropertyOptional({
    description: 'ISBN-10 or ISBN-13 (hyphens and spaces allowed, check digit verified); stored as ISBN-13',
    example: '978-0-441-17271-9',
    maxLength: 32,
  })
  @IsOptional()
  @BookFieldRules.isbn()
  isbn?: string;

  @ApiPropertyOptional({
    description: 'Year of first publication; negative for BCE; at most next year',
    type: 'integer',
    format: 'int32',
    minimum: YEAR_MIN,
    maximum: YEAR_MAX,
    example: 1965,
  })
  @IsOptional()
  @BookFieldRules.publishedYear()
  publishedYear?: number;

  @ApiPropertyOptional({ description: 'ISO 639-1 language code', pattern: '^[a-z]{2}$', maxLength: 2, example: 'en' })
  @IsOptional()
  @BookFieldRules.language()
  language?: string;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: PAGE_COUNT_MAX, example: 412 })
  @IsOptional()
  @BookFieldRules.pageCount()
  pageCount?: number;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX, example: 'A desert planet, a noble family, a prophecy.' })
  @IsOptional()
  @BookFieldRules.description()
  description?: string;

  @ApiPropertyOptional({
    description: `Labels, stored lower-cased with duplicates removed; each 1–${TAG_MAX} characters`,
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX },
    maxItems: TAGS_MAX,
    example: ['science-fiction', 'classic'],
  })
  @IsOptional()
  @BookFieldRules.tags()
  tags?: string[];
}
