import { EachItem } from '@app/http';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO6391,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { BookField } from '../book';
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
  YEAR_MIN,
} from './book-rules';

/** EachItem (libs/http) is typed for a string-named property; every field here is one. */
const eachItem = (rule: (item: unknown) => boolean, message: string) => EachItem(rule, message) as PropertyDecorator;

/**
 * The validation and normalisation of each written field, shared by the body DTOs (BookInputDto,
 * BookPatchDto), which add only whether a field may be absent or null. Listed in the order they run
 * (applyDecorators registers in list order, class-validator runs in registration order and stops at the
 * first failure): the type check first, so a wrong type is reported as such, not as a range error.
 */
export const BookFieldRules = {
  title: () =>
    applyDecorators(IsString(), IsCleanText(), Length(1, TITLE_MAX), Transform(trimmed, { toClassOnly: true })),
  authors: () =>
    applyDecorators(
      IsArray(),
      ArrayMinSize(1),
      ArrayMaxSize(AUTHORS_MAX),
      eachItem(isAuthorName, `each author must be text of 1 to ${AUTHOR_MAX} characters`),
      Transform(trimmedItems, { toClassOnly: true }),
    ),
  isbn: () => applyDecorators(IsString(), IsIsbn()),
  publishedYear: () => applyDecorators(IsInt(), Min(YEAR_MIN), IsNotAfterNextYear()),
  language: () =>
    applyDecorators(
      IsString(),
      Matches(/^[a-z]{2}$/, { message: 'language must be two lowercase letters (ISO 639-1)' }),
      IsISO6391({ message: 'language must be an ISO 639-1 code' }),
    ),
  pageCount: () => applyDecorators(IsInt(), Min(1), Max(PAGE_COUNT_MAX)),
  description: () => applyDecorators(IsString(), IsCleanText(), MaxLength(DESCRIPTION_MAX)),
  tags: () =>
    applyDecorators(
      IsArray(),
      ArrayMaxSize(TAGS_MAX),
      eachItem(isTag, `each tag must be text of 1 to ${TAG_MAX} characters`),
      Transform(normalisedTags, { toClassOnly: true }),
    ),
} satisfies Record<BookField, () => PropertyDecorator>;
