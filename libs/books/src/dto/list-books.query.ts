import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { SORT_PARAMS, SortParam } from '../book-sort';
import { isbn13From } from '../isbn';
import { AUTHOR_MAX, IsCleanText, IsIsbn, MAX_CURSOR_LENGTH, TAG_MAX, trimmed, YEAR_MAX, YEAR_MIN } from './book-rules';

/** Query strings are text: a whole number becomes a number, anything else stays for the type check to reject. */
const wholeNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value;

/**
 * Both ends of the year range. applyDecorators applies them in the order listed, the reverse of a
 * decorator stack, so the type check comes first here and still runs first.
 */
const PublishedYearBound = () =>
  applyDecorators(
    IsInt(),
    Min(YEAR_MIN),
    Max(YEAR_MAX),
    IsOptional(),
    Transform(wholeNumber, { toClassOnly: true }),
    ApiPropertyOptional({
      type: 'integer',
      format: 'int32',
      minimum: YEAR_MIN,
      maximum: YEAR_MAX,
      description: 'Inclusive; books without a year are left out',
    }),
  );

/** `-publishedYear` → PUBLISHED_YEAR_DESC: the name a generated enum gives each sort. */
export const sortVarName = (sort: string): string =>
  `${sort
    .replace(/^-/, '')
    .replace(/[A-Z]/g, (c) => `_${c}`)
    .toUpperCase()}${sort.startsWith('-') ? '_DESC' : ''}`;

/**
 * Query parameters of listBooks; as in BookInputDto, each type check is the last (first-run) decorator.
 * Every filter is normalised here, once (trimmed, ISBN-13, tag lower-cased): the service and repository
 * take them as they are. A new filter is a property here and a row of FILTERS (drizzle-books.repository.ts).
 */
export class ListBooksQueryDto {
  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: 100, default: 20 })
  @Transform(wholeNumber, { toClassOnly: true })
  @IsOptional()
  @Max(100)
  @Min(1)
  @IsInt()
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page’s nextCursor', maxLength: MAX_CURSOR_LENGTH })
  @IsOptional()
  @MaxLength(MAX_CURSOR_LENGTH)
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Case-insensitive text in the title or any author, matched literally',
    maxLength: 200,
  })
  @Transform(trimmed, { toClassOnly: true })
  @IsOptional()
  @Length(1, 200)
  @IsCleanText()
  @IsString()
  q?: string;

  @ApiPropertyOptional({ description: 'An author’s full name, case-insensitive', maxLength: AUTHOR_MAX })
  @Transform(trimmed, { toClassOnly: true })
  @IsOptional()
  @Length(1, AUTHOR_MAX)
  @IsCleanText()
  @IsString()
  author?: string;

  @ApiPropertyOptional({ description: 'ISBN-10 or ISBN-13 in any accepted form', maxLength: 32 })
  @Transform(({ value }) => (typeof value === 'string' ? (isbn13From(value) ?? value) : value), { toClassOnly: true })
  @IsOptional()
  @IsIsbn()
  @IsString()
  isbn?: string;

  @ApiPropertyOptional({ pattern: '^[a-z]{2}$', maxLength: 2, example: 'en' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be two lowercase letters (ISO 639-1)' })
  @IsString()
  language?: string;

  @ApiPropertyOptional({ description: 'A tag, case-insensitive', maxLength: TAG_MAX })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value), { toClassOnly: true })
  @IsOptional()
  @Length(1, TAG_MAX)
  @IsCleanText()
  @IsString()
  tag?: string;

  @PublishedYearBound()
  publishedYearFrom?: number;

  @PublishedYearBound()
  publishedYearTo?: number;

  @ApiPropertyOptional({
    enum: SORT_PARAMS,
    enumName: 'BookSort',
    enumSchema: { default: 'createdAt' },
    // Names for generated enums, which otherwise call `-title` VALUE_1 (the document adds x-enum-varnames).
    'x-enumNames': SORT_PARAMS.map(sortVarName),
    description: 'Field to sort by, `-` for descending; ties broken by id. Books without a year sort as the oldest.',
  })
  @IsOptional()
  @IsIn(SORT_PARAMS)
  sort?: SortParam;
}
