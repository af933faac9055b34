import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** OpenAPI schema of an RFC 9457 problem (the shared `Problem` schema of the contract). */
// Contract names carry no framework suffix: generated SDKs expose them to their users.
@ApiSchema({ name: 'Problem' })
export class ProblemDto {
  @ApiProperty({ format: 'uri', example: 'https://book-library.dev/problems/book-not-found' })
  type!: string;

  @ApiProperty({ example: 'Book not found' })
  title!: string;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 404 })
  status!: number;

  @ApiProperty({ example: 'No book with id 3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41' })
  detail!: string;

  @ApiProperty({ format: 'uri-reference', example: '/api/v1/books/3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41' })
  instance!: string;
}

@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto {
  @ApiProperty({
    description: 'Path of the rejected field, e.g. `authors[0]`; empty for the body as a whole (e.g. malformed JSON)',
    example: 'authors[0]',
  })
  field!: string;

  @ApiProperty({ example: 'each author must be text of 1 to 200 characters' })
  message!: string;
}

@ApiSchema({ name: 'ValidationProblem' })
export class ValidationProblemDto extends ProblemDto {
  @ApiProperty({ type: [FieldErrorDto], description: 'Every rejected field; present on every 400' })
  errors!: FieldErrorDto[];
}

@ApiSchema({ name: 'DuplicateProblem' })
export class DuplicateProblemDto extends ProblemDto {
  @ApiPropertyOptional({ description: 'The ISBN already in the catalogue', example: '9780441172719' })
  isbn?: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true, description: 'Id of the book that has it' })
  existingId?: string | null;
}
