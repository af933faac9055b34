import {
  AcceptsContentType,
  ApiProblemResponse,
  DuplicateProblemDto,
  etagFor,
  type HttpResponse,
  ifNoneMatchHit,
  UuidPipe,
  ValidationProblemDto,
} from '@app/http';
import { IDEMPOTENCY_REPLAYED_HEADER, Idempotent } from '@app/idempotency';
import { ApiRateLimited, ApiWriteAccess } from '@app/security';
import {
  applyDecorators,
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { BookInputDto } from './dto/book-input.dto';
import type { Book } from './book';
import { toBookDto } from './book-dto.mapper';
import { BookPageDto } from './dto/book-page.dto';
import { BookPatchDto } from './dto/book-patch.dto';
import { BookDto } from './dto/book.dto';
import { ListBooksQueryDto } from './dto/list-books.query';
import { BooksService } from './books.service';
import type { ExpectedVersion } from './expected-version';
import { IfMatch } from './if-match.decorator';

export const MERGE_PATCH = 'application/merge-patch+json';

const etagHeader = {
  ETag: { description: 'Strong entity tag: the quoted version', schema: { type: 'string' as const } },
};
const ifMatchHeader = {
  name: 'If-Match',
  required: false,
  description: 'Apply only if the book still has this ETag (412 otherwise)',
};

/** The `id` path parameter of every operation on one book (UuidPipe refuses anything else). */
const ApiBookId = () =>
  ApiParam({ name: 'id', description: 'The book’s id', schema: { type: 'string', format: 'uuid', maxLength: 36 } });

/** How a response that carries a book leads to the operations on it (OpenAPI links, by the body's id). */
const bookLinks = Object.fromEntries(
  ['getBook', 'replaceBook', 'updateBook', 'deleteBook'].map((operationId) => [
    operationId,
    { operationId, parameters: { id: '$response.body#/id' }, description: `The ${operationId} of this book` },
  ]),
);

/** What PUT and PATCH share: If-Match, the ETag'd 200, and the ways a conditional write can fail. */
const ApiConditionalWrite = () =>
  applyDecorators(
    ApiBookId(),
    ApiHeader(ifMatchHeader),
    ApiOkResponse({ type: BookDto, headers: etagHeader, links: bookLinks }),
    ApiProblemResponse(404, 'No book with this id'),
    ApiProblemResponse(409, 'Another book has this ISBN', DuplicateProblemDto),
    ApiProblemResponse(412, 'If-Match is stale: the book changed; nothing was written'),
    ApiProblemResponse(413, 'Body over the size limit'),
  );

/** The one place a book's ETag is written: every response that carries a book carries its version. */
function withEtag(res: HttpResponse, book: Book): BookDto {
  res.header('ETag', etagFor(book.version));
  return toBookDto(book);
}

/** HTTP mapping of the catalogue; the rules live in BooksService. */
@ApiTags('books')
@Controller({ path: 'books', version: '1' })
@ApiProblemResponse(400, 'Invalid input; `errors` names every bad field', ValidationProblemDto)
@ApiProblemResponse(503, 'The database is unavailable; nothing was changed', undefined, {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
})
@ApiRateLimited()
export class BooksController {
  constructor(private readonly books: BooksService) {}

  @Get()
  @ApiOperation({ operationId: 'listBooks', summary: 'List books, filtered and sorted, a page at a time' })
  @ApiOkResponse({
    type: BookPageDto,
    description: 'A page of books and the cursor of the next one',
    links: {
      nextPage: {
        operationId: 'listBooks',
        parameters: { cursor: '$response.body#/nextCursor' },
        description: 'The next page: the same filters and sort, with this cursor (none when nextCursor is null)',
      },
    },
  })
  async list(@Query() query: ListBooksQueryDto): Promise<BookPageDto> {
    const page = await this.books.list(query);
    return { items: page.books.map(toBookDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getBook', summary: 'Get one book' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'Answer 304 if the ETag still matches' })
  @ApiBookId()
  @ApiOkResponse({ type: BookDto, headers: etagHeader, links: bookLinks })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag in If-None-Match', headers: etagHeader })
  @ApiProblemResponse(404, 'No book with this id')
  async get(
    @Param('id', UuidPipe) id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<BookDto | undefined> {
    const book = await this.books.get(id);
    const dto = withEtag(res, book);
    if (ifNoneMatchHit(ifNoneMatch, book.version)) {
      res.status(304);
      return undefined;
    }
    return dto;
  }

  @Post()
  @ApiWriteAccess()
  @AcceptsContentType('application/json')
  @Idempotent()
  @ApiOperation({ operationId: 'createBook', summary: 'Add a book to the catalogue' })
  @ApiResponse({
    status: 201,
    type: BookDto,
    links: bookLinks,
    description:
      'Created (or, with `Idempotency-Replayed: true`, the stored answer to an earlier request with this key)',
    headers: {
      ...etagHeader,
      Location: { description: 'URL of the new book', schema: { type: 'string' } },
      [IDEMPOTENCY_REPLAYED_HEADER]: {
        description: '`true` when this is the stored response to an earlier request with the same Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiProblemResponse(
    409,
    'Another book has this ISBN (`existingId` names it), or a request with this Idempotency-Key is still in progress',
    DuplicateProblemDto,
    {
      'Retry-After': {
        description: 'Seconds to wait before retrying a request whose key is in use',
        schema: { type: 'integer' },
      },
    },
  )
  @ApiProblemResponse(413, 'Body over the size limit')
  @ApiProblemResponse(415, 'Body is not application/json')
  async create(@Body() input: BookInputDto, @Res({ passthrough: true }) res: HttpResponse): Promise<BookDto> {
    const book = await this.books.create(input);
    res.header('Location', `/api/v1/books/${book.id}`);
    return withEtag(res, book);
  }

  @Put(':id')
  @ApiWriteAccess()
  @AcceptsContentType('application/json')
  @ApiOperation({ operationId: 'replaceBook', summary: 'Replace a book (every field; unset optionals are removed)' })
  @ApiConditionalWrite()
  @ApiProblemResponse(415, 'Body is not application/json')
  async replace(
    @Param('id', UuidPipe) id: string,
    @Body() input: BookInputDto,
    @IfMatch() expected: ExpectedVersion,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<BookDto> {
    return withEtag(res, await this.books.replace(id, input, expected));
  }

  @Patch(':id')
  @ApiWriteAccess()
  @AcceptsContentType(MERGE_PATCH, 'application/json')
  @ApiOperation({
    operationId: 'updateBook',
    summary: 'Change some fields (JSON Merge Patch, RFC 7396; null removes an optional field)',
  })
  @ApiConsumes(MERGE_PATCH, 'application/json')
  @ApiBody({
    type: BookPatchDto,
    description: `A JSON Merge Patch; send as ${MERGE_PATCH} (application/json is accepted too)`,
  })
  @ApiConditionalWrite()
  @ApiProblemResponse(415, `Body is not ${MERGE_PATCH}`)
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() patch: BookPatchDto,
    @IfMatch() expected: ExpectedVersion,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<BookDto> {
    return withEtag(res, await this.books.patch(id, patch, expected));
  }

  @Delete(':id')
  @ApiWriteAccess()
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteBook', summary: 'Remove a book' })
  @ApiBookId()
  @ApiHeader(ifMatchHeader)
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblemResponse(404, 'No book with this id')
  @ApiProblemResponse(412, 'If-Match is stale: the book changed; nothing was deleted')
  async delete(@Param('id', UuidPipe) id: string, @IfMatch() expected: ExpectedVersion): Promise<void> {
    await this.books.delete(id, expected);
  }
}
