import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { MAX_CURSOR_LENGTH } from './book-rules';
import { BookDto } from './book.dto';

/** One page of listBooks. */
@ApiSchema({ name: 'BookPage' })
export class BookPageDto {
  @ApiProperty({ type: [BookDto], maxItems: 100 })
  items!: BookDto[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    maxLength: MAX_CURSOR_LENGTH,
    description: 'Pass as `cursor` (with the same filters and sort) for the next page; null on the last page',
    example: null,
  })
  nextCursor!: string | null;
}
