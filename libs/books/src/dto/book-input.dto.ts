import { EachItem } from '@app/http';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  AUTHOR_MAX,
  AUTHORS_MAX,
  DESCRIPTION_MAX,
  IsCleanText,
  IsIsbn,
  isAuthorName,
  IsNotAfterNextYear,
  isTag,
  normalisedTags,
  PAGE_COUNT_MAX,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
  trimmed,
  trimmedItems,
  YEAR_MAX,
  YEAR_MIN,
} from './book-rules';

/**
 * The body of createBook and replaceBook (and what a merge patch must produce).
 * class-validator runs a property's decorators bottom-up and stops at the first failure, so each
 * type check is written last: a wrong type is reported as such, not as a range error.
 */
export class BookInputDto {
  @ApiProperty({ description: 'Title, trimmed', minLength: 1, maxLength: TITLE_MAX, example: 'Dune' })
  @Transform(trimmed, { toClassOnly: true })
  @Length(1, TITLE_MAX)
  @IsCleanText()
  @IsString()
  title!: string;

  @ApiProperty({
    description: `Authors in credit order, each trimmed, 1–${AUTHOR_MAX} characters`,
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: AUTHOR_MAX },
    minItems: 1,
    maxItems: AUTHORS_MAX,
    example: ['Frank Herbert'],
  })
  @Transform(trimmedItems, { toClassOnly: true })
  @EachItem(isAuthorName, `each author must be text of 1 to ${AUTHOR_MAX} characters`)
  @ArrayMaxSize(AUTHORS_MAX)
  @ArrayMinSize(1)
  @IsArray()
  authors!: string[];

  @ApiPropertyOptional({
    description: 'ISBN-10 or ISBN-13 (hyphens and spaces allowed, check digit verified); stored as ISBN-13',
    example: '978-0-441-17271-9',
    maxLength: 32,
  })
  @IsOptional()
  @IsIsbn()
  @IsString()
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
  @IsNotAfterNextYear()
  @Min(YEAR_MIN)
  @IsInt()
  publishedYear?: number;

  @ApiPropertyOptional({ description: 'ISO 639-1 language code', pattern: '^[a-z]{2}$', maxLength: 2, example: 'en' })
  @IsOptional()
  @IsISO6391({ message: 'language must be an ISO 639-1 code' })
  @Matches(/^[a-z]{2}$/, { message: 'language must be two lowercase letters (ISO 639-1)' })
  @IsString()
  language?: string;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: PAGE_COUNT_MAX, example: 412 })
  @IsOptional()
  @Max(PAGE_COUNT_MAX)
  @Min(1)
  @IsInt()
  pageCount?: number;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX, example: 'A desert planet, a noble family, a prophecy.' })
  @IsOptional()
  @MaxLength(DESCRIPTION_MAX)
  @IsCleanText()
  @IsString()
  description?: string;

  @ApiPropertyOptional({
    description: `Labels, stored lower-cased with duplicates removed; each 1–${TAG_MAX} characters`,
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX },
    maxItems: TAGS_MAX,
    example: ['science-fiction', 'classic'],
  })
  @Transform(normalisedTags, { toClassOnly: true })
  @IsOptional()
  @EachItem(isTag, `each tag must be text of 1 to ${TAG_MAX} characters`)
  @ArrayMaxSize(TAGS_MAX)
  @IsArray()
  tags?: string[];
}
