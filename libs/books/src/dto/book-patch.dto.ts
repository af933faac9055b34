import { ApiPropertyOptional } from '@nestjs/swagger';
import { AUTHORS_MAX, DESCRIPTION_MAX, PAGE_COUNT_MAX, TAGS_MAX, TITLE_MAX, YEAR_MIN } from './book-rules';

/**
 * Documents the JSON Merge Patch body of updateBook (RFC 7396). It is not a validation class:
 * the patch is applied to the stored book and the result is validated as a BookInputDto.
 */
export class BookPatchDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: TITLE_MAX, example: 'Dune Messiah' })
  title?: string;

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: AUTHORS_MAX })
  authors?: string[];

  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'null removes the ISBN' })
  isbn?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: YEAR_MIN })
  publishedYear?: number | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, pattern: '^[a-z]{2}$' })
  language?: string | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: PAGE_COUNT_MAX })
  pageCount?: number | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: DESCRIPTION_MAX })
  description?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true, maxItems: TAGS_MAX, description: 'null removes every tag' })
  tags?: string[] | null;
}
