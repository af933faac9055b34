import { ApiPropertyOptional } from '@nestjs/swagger';
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

/**
 * Documents the JSON Merge Patch body of updateBook (RFC 7396). It is not a validation class:
 * the patch is applied to the stored book and the result is validated as a BookInputDto.
 */
export class BookPatchDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: TITLE_MAX, example: 'Dune Messiah' })
  title?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: AUTHOR_MAX },
    minItems: 1,
    maxItems: AUTHORS_MAX,
  })
  authors?: string[];

  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: 32, description: 'null removes the ISBN' })
  isbn?: string | null;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', nullable: true, minimum: YEAR_MIN, maximum: YEAR_MAX })
  publishedYear?: number | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, pattern: '^[a-z]{2}$', maxLength: 2 })
  language?: string | null;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', nullable: true, minimum: 1, maximum: PAGE_COUNT_MAX })
  pageCount?: number | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: DESCRIPTION_MAX })
  description?: string | null;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX },
    nullable: true,
    maxItems: TAGS_MAX,
    description: 'null removes every tag',
  })
  tags?: string[] | null;
}
