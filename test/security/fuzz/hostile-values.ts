import fc from 'fast-check';
import { isbn13For } from '../../support/books.fixtures';

// Generators of hostile input. "Valid" ones must be accepted and stored exactly; "invalid" ones must be
// refused with a 4xx; "chaos" ones may go either way, but never 5xx and never half-applied.

/** Text that attacks something: SQL, LIKE wildcards, markup, templates, paths, Unicode trickery. */
export const FRAGMENTS = [
  "' OR '1'='1",
  "'; DROP TABLE books; --",
  '" OR ""="',
  '%',
  '_',
  '%_%',
  '\\',
  '\\%',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  '$where',
  '__proto__',
  'constructor',
  '\u202eevil',
  'zero\u200bwidth',
  '\ufeffbom',
  '👨‍👩‍👧‍👦',
  'e\u0301',
  '𝕏',
  'İstanbul',
  'ß',
  'ﷺ',
  '\t',
  'NaN',
  'null',
];

/** Characters PostgreSQL text cannot hold unchanged: must always be refused. */
export const POISON = ['\u0000', '\ud800', '\udfff', 'a\u0000b', 'x\udc00y'];

/** Dropped by a UTF-8 decoder when it leads a text: refused where text is not trimmed. */
const LEADING_BOM = '\ufeffbom';

const isClean = (s: string) => s.isWellFormed() && !s.includes('\u0000') && !s.startsWith('\ufeff');
const codePoints = (s: string) => [...s].length;

/** Clean text (no NUL, no lone surrogate), mixing attack fragments and arbitrary graphemes. */
export const cleanText = (maxCodePoints: number): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 12 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => parts.join(' '))
    .filter(
      (s) => isClean(s) && s.trim() !== '' && codePoints(s.trim()) <= maxCodePoints && s.trim().length <= maxCodePoints,
    );

/** Anything a JSON value can be, biased towards the extreme. */
export const EXTREME_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e21,
  -1e21,
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  5e-324,
];

export const chaosValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...FRAGMENTS, ...POISON, ...EXTREME_NUMBERS, null, true, false, '', [], {}),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 25 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 301, max: 6000 }).map((n) => 'x'.repeat(n)),
);

const nextYear = new Date().getUTCFullYear() + 1;

/** A valid ISBN-10 or ISBN-13 in one of its printed forms, unique enough not to collide by chance. */
export const validIsbn = fc.integer({ min: 1, max: 999_999_999 }).chain((n) => {
  const isbn13 = isbn13For(n);
  return fc.constantFrom(
    isbn13,
    `${isbn13.slice(0, 3)}-${isbn13.slice(3, 4)}-${isbn13.slice(4, 12)}-${isbn13.slice(12)}`,
    `${isbn13.slice(0, 3)} ${isbn13.slice(3)}`,
  );
});

/** Values each field must accept (and store normalised), hostile as they may look. */
export const validField = {
  title: cleanText(300),
  authors: fc.array(cleanText(200), { minLength: 1, maxLength: 20 }),
  isbn: fc.oneof(validIsbn, fc.constantFrom('0-306-40615-2', '080442957X', '0 8044 2957 X')),
  publishedYear: fc.oneof(fc.integer({ min: -3000, max: nextYear }), fc.constantFrom(-3000, nextYear, 0)),
  language: fc.constantFrom('en', 'fr', 'de', 'ja', 'zu'),
  pageCount: fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(1, 100_000)),
  description: fc.oneof(cleanText(5000), fc.constant('d'.repeat(5000)), fc.constant('  spaced  ')),
  tags: fc.array(
    fc.oneof(fc.constantFrom('%', '_', "'; drop", '<b>', 'sci-fi', 'ÉPIQUE'), fc.stringMatching(/^[a-z0-9-]{1,50}$/)),
    { maxLength: 20 },
  ),
} as const;

/** One bad value per field: each must be refused with 400 whatever the rest of the body. */
export const INVALID_FIELD_VALUES: Record<string, unknown[]> = {
  title: ['', '   ', 'a'.repeat(301), 42, null, [], {}, true, ...POISON],
  authors: [[], 'Frank Herbert', [''], ['a'.repeat(201)], Array(21).fill('a'), [1], [null], ['\u0000'], ['\ud800'], {}],
  isbn: ['978-0-441-17271-0', 'abc', 9780441172719, '9780441172719x', "' OR 1=1 --", '1'.repeat(33), '', '%'],
  publishedYear: [-3001, nextYear + 1, 1.5, '1965', 1e308, -1e308, 2 ** 53, true, [1965]],
  language: ['EN', 'eng', 'e', 'xx', 1, '', "'"],
  pageCount: [0, -1, 100_001, 2 ** 31, 1e21, 1.5, '412', -0.5, false],
  description: ['a'.repeat(5001), 5, 'x\u0000', '\udc00', [], LEADING_BOM],
  tags: ['sci-fi', [''], ['a'.repeat(51)], Array.from({ length: 21 }, (_, i) => `t${i}`), [1], ['\u0000'], [null]],
  unknownField: ['anything'],
};

export const invalidMutation = fc
  .constantFrom(...Object.keys(INVALID_FIELD_VALUES))
  .chain((field) => fc.constantFrom(...INVALID_FIELD_VALUES[field]).map((value) => ({ field, value })));

export type BookBody = Record<string, unknown>;

/** A whole valid book; optional fields come and go. */
export const validBook: fc.Arbitrary<BookBody> = fc.record(validField, {
  requiredKeys: ['title', 'authors'],
});

/** Raw bodies that are not a book at all. */
export const chaosBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"title":',
    'null',
    '[]',
    '"a string"',
    '42',
    '{"title":"x","authors":["y"]}garbage',
    '\ufeff{"title":"x","authors":["y"]}',
    '{"__proto__":{"admin":true},"title":"x","authors":["y"]}',
    '{"constructor":{"prototype":{"polluted":true}},"title":"x","authors":["y"]}',
    '{"title":"x","title":"y","authors":["z"]}',
    `{"title":"${'x'.repeat(70_000)}","authors":["y"]}`,
  ),
  fc
    .integer({ min: 1, max: 30_000 })
    .map((depth) => `{"title":${'['.repeat(depth)}${']'.repeat(depth)},"authors":["y"]}`),
  fc.integer({ min: 1, max: 30_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.string({ maxLength: 12 }), chaosValue, { maxKeys: 10 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

/** Path segments where a book id goes. */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    'null',
    'undefined',
    '%00',
    '%ff',
    '%',
    '%E0%A4%A',
    '..',
    '%2e%2e',
    '%2F',
    "'%20OR%201=1",
    'x'.repeat(1500),
  ),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.string({ minLength: 1, maxLength: 60 }).map(encodeURIComponent),
);

/** Header values Node lets through (visible ASCII and Latin-1), hostile in content. */
const headerSafe = fc
  .string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }))
      .map((c) => String.fromCharCode(c)),
    maxLength: 80,
  })
  .map((s) => s.trim());

export const garbageHeader: fc.Arbitrary<string> = fc.oneof(
  headerSafe,
  fc.constantFrom('*', '""', 'W/"1"', '"1", "2"', '"\\"', '"' + '9'.repeat(40) + '"', 'x'.repeat(8000), ''),
);

export const hostileContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/xml',
  'application/jsonx',
  'json',
  '',
  ';;;',
  'application/json; charset="utf-16"',
);

export const garbageAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
    'Bearer a.b.c',
    'Bearer eyJhbGciOiJub25lIn0.e30.',
    'Digest x',
  ),
  headerSafe.map((s) => `Bearer ${s}`),
  headerSafe,
);
