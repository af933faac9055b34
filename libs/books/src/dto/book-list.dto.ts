import { ApiProperty } from '@nestjs/swagger';
import { BookDto } from './book.dto';

export class BookListDto {
  @ApiProperty({ type: [BookDto] })
  items!: BookDto[];

  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Pass as `cursor` (with the same filters and sort) for the next page; null on the last page',
    example: null,
  })
  nextCursor!: string | null;
}
