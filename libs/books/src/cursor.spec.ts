import { ValidationFailedError } from '@app/http';
import { keysetOrderOf, SortParam } from './book-sort';
import { decodeCursor as decodeFor, encodeCursor as encodeFor, type CursorPosition } from './cursor';
import type { BookFilters } from './book-filters';

const encodeCursor = (sort: SortParam, filters: BookFilters, position: CursorPosition) =>
  encodeFor(keysetOrderOf(sort), filters, position);
const decodeCursor = (raw: string, sort: SortParam, filters: BookFilters) =>
  decodeFor(raw, keysetOrderOf(sort), filters);

const id = '0b5c4a3e-1f2d-4c6b-8a7e-9d0f1e2a3b4c';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors[0].field;
    throw error;
  }
  return undefined;
}

describe('cursor', () => {
  it('round-trips each kind of sort key', () => {
    const cases = [
      { sort: 'title', key: 'dune' },
      { sort: '-publishedYear', key: 1965 },
      { sort: 'createdAt', key: '2026-01-02T03:04:05.678Z' },
    ] as const;
    for (const { sort, key } of cases) {
      const cursor = encodeCursor(sort, { tag: 'sf' }, { key, id });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor, sort, { tag: 'sf' })).toEqual({ key, id });
    }
  });

  it('stays bounded whatever the title: a long key becomes a prefix, flagged for the repository to complete', () => {
    for (const title of ['書'.repeat(300), '🦀'.repeat(300), '\u0001'.repeat(300), 'x'.repeat(300)]) {
      const cursor = encodeCursor('-title', {}, { key: title, id });
      expect(cursor.length).toBeLessThan(820);
      const position = decodeCursor(cursor, '-title', {});
      expect(position.id).toBe(id);
      if (position.keyIsPrefix) {
        expect(title.startsWith(position.key as string)).toBe(true);
        expect((position.key as string).length).toBeGreaterThan(50);
      } else {
        expect(position.key).toBe(title);
      }
    }
    expect(decodeCursor(encodeCursor('title', {}, { key: 'x'.repeat(300), id }), 'title', {})).toEqual({
      key: 'x'.repeat(300),
      id,
    });
    expect(decodeCursor(encodeCursor('title', {}, { key: '書'.repeat(300), id }), 'title', {}).keyIsPrefix).toBe(true);
  });

  it('never cuts a character in two', () => {
    const position = decodeCursor(encodeCursor('title', {}, { key: 'a' + '🦀'.repeat(300), id }), 'title', {});
    expect((position.key as string).isWellFormed()).toBe(true);
  });

  it('rejects a prefix flag on a sort whose keys are never cut', () => {
    const genuine = encodeCursor('createdAt', {}, { key: '2026-01-02T03:04:05.678Z', id });
    const payload = JSON.parse(Buffer.from(genuine, 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...payload, p: 1 })).toString('base64url');
    expect(decodeCursor(genuine, 'createdAt', {}).id).toBe(id);
    expect(fieldOf(() => decodeCursor(forged, 'createdAt', {}))).toBe('cursor');
  });

  it('is opaque: no plain JSON in the token', () => {
    expect(encodeCursor('title', {}, { key: 'x', id })).not.toContain('{');
  });

  it('rejects a cursor used with another sort or other filters', () => {
    const cursor = encodeCursor('title', { q: 'a' }, { key: 'x', id });
    expect(() => decodeCursor(cursor, '-title', { q: 'a' })).toThrow(/sort=title/);
    expect(() => decodeCursor(cursor, 'title', { q: 'b' })).toThrow(/different filters/);
    expect(decodeCursor(cursor, 'title', { q: 'a' })).toEqual({ key: 'x', id });
  });

  it.each([
    ['garbage with spaces'],
    ['%%%'],
    [Buffer.from('not json').toString('base64url')],
    [Buffer.from('null').toString('base64url')],
    [Buffer.from(JSON.stringify({ s: 'title', f: 'x', k: 'a', i: 'not-a-uuid' })).toString('base64url')],
    ['A'.repeat(2000)],
  ])('rejects %s as a 400 on the cursor field', (raw) => {
    expect(fieldOf(() => decodeCursor(raw, 'title', {}))).toBe('cursor');
  });

  it('rejects a key of the wrong type for the sort', () => {
    const forged = encodeCursor('publishedYear', {}, { key: 'nineteen', id });
    expect(fieldOf(() => decodeCursor(forged, 'publishedYear', {}))).toBe('cursor');
    const badDate = encodeCursor('createdAt', {}, { key: 'yesterday', id });
    expect(fieldOf(() => decodeCursor(badDate, 'createdAt', {}))).toBe('cursor');
  });
});
