import { CLEAN_TEXT_MESSAGE, isCleanText } from '@app/http';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { isbn13From } from '../isbn';

// The field rules of the Book resource, shared by the body DTOs and the listing query.

export const TITLE_MAX = 300;
export const AUTHORS_MAX = 20;
export const AUTHOR_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const TAGS_MAX = 20;
export const TAG_MAX = 50;
export const YEAR_MIN = -3000;
/** The contract's static bound for a year (the rule itself, "at most next year", moves). */
export const YEAR_MAX = 9999;
export const PAGE_COUNT_MAX = 100_000;
/** The longest cursor (cursor.ts keeps every cursor shorter): the contract's maxLength of `cursor` and `nextCursor`. */
export const MAX_CURSOR_LENGTH = 1024;

export const maxPublishedYear = (): number => new Date().getUTCFullYear() + 1;

const textOfLength = (min: number, max: number) => (value: unknown) =>
  isCleanText(value) && [...value].length >= min && [...value].length <= max;

export const isAuthorName = textOfLength(1, AUTHOR_MAX);
export const isTag = textOfLength(1, TAG_MAX);

/** Trims strings and leaves every other type alone, so the type check still reports it. */
export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const trimmedItems = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value;

/**
 * Tags are case-insensitive labels: trimmed and lower-cased here; duplicates are removed when stored
 * (BooksService), after validation, so an error still names the element's index in the request.
 */
export const normalisedTags = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim().toLowerCase() : item)) : value;

function rule(name: string, message: string, validate: (value: unknown) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, property: string | symbol): void =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(property),
        options: { message: `${String(property)} ${message}`, ...options },
        validator: { validate },
      });
}

export const IsCleanText = rule('isCleanText', CLEAN_TEXT_MESSAGE, isCleanText);

export const IsIsbn = rule(
  'isIsbn',
  'must be an ISBN-10 or ISBN-13 with a valid check digit (hyphens and spaces allowed)',
  (value) => typeof value === 'string' && isbn13From(value) !== null,
);

export const IsNotAfterNextYear = (options?: ValidationOptions): PropertyDecorator =>
  rule('isNotAfterNextYear', `must not be after ${maxPublishedYear()}`, (value) =>
    typeof value === 'number' ? value <= maxPublishedYear() : true,
  )(options);
