import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsOptional, ValidateIf } from 'class-validator';
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

/** A required field may be absent from a patch (it is kept) but not null (which would remove it). */
const KeptUnlessGiven = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * The JSON Merge Patch body of updateBook (RFC 7396), validated by the pipe with BookInputDto's field
 * rules: a present field must be valid, and null (removal) is valid only for an optional field. A valid
 * patch of a stored book is therefore a valid book.
 */
@ApiSchema({ name: 'BookPatch' })
export class BookPatchDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: TITLE_MAX, example: 'Dune Messiah' })
  @KeptUnlessGiven()
  @BookFieldRules.title()
  title?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: AUTHOR_MAX },
    minItems: 1,
    maxItems: AUTHORS_MAX,
  })
  @KeptUnlessGiven()
  @BookFieldRules.authors()
  authors?: string[];

  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: 32, description: 'null removes the ISBN' })
  @IsOptional()
  @BookFieldRules.isbn()
  isbn?: string | null;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', nullable: true, minimum: YEAR_MIN, maximum: YEAR_MAX })
  @IsOptional()
  @BookFieldRules.publishedYear()
  publishedYear?: number | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, pattern: '^[a-z]{2}$', maxLength: 2 })
  @IsOptional()
  @BookFieldRules.language()
  language?: string | null;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', nullable: true, minimum: 1, maximum: PAGE_COUNT_MAX })
  @IsOptional()
  @BookFieldRules.pageCount()
  pageCount?: number | null;

  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: DESCRIPTION_MAX })
  @IsOptional()
  @BookFieldRules.description()
  description?: string | null;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: TAG_MAX },
    nullable: true,
    maxItems: TAGS_MAX,
    description: 'null removes every tag',
  })
  @IsOptional()
  @BookFieldRules.tags()
  tags?: string[] | null;
}
