import { isSaneRequestId, requestIdFrom } from './request-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request id rules', () => {
  it.each(['abc-123', 'a', 'A.b_c:d-e', '0af7651916cd43dd8448eb211c80319c', 'x'.repeat(128)])('keeps %s', (id) => {
    expect(isSaneRequestId(id)).toBe(true);
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each([
    ['too long', 'x'.repeat(129)],
    ['empty', ''],
    ['a space', 'abc 123'],
    ['a newline (log injection)', 'abc\n{"level":"error"}'],
    ['a control character', 'abc\u0007'],
    ['quotes', '"abc"'],
    ['a slash', 'a/b'],
    ['non-ASCII', 'café'],
    ['two headers joined by Node', 'abc, def'],
  ])('replaces an id with %s by a fresh UUID v4', (_what, id) => {
    expect(isSaneRequestId(id)).toBe(false);
    const replaced = requestIdFrom(id);
    expect(replaced).toMatch(UUID_V4);
    expect(replaced).not.toBe(id);
  });

  it('gives a request without the header a fresh UUID v4 each time', () => {
    const first = requestIdFrom(undefined);
    expect(first).toMatch(UUID_V4);
    expect(requestIdFrom(undefined)).not.toBe(first);
  });

  it('replaces a repeated header (an array) rather than picking one', () => {
    expect(requestIdFrom(['abc', 'def'])).toMatch(UUID_V4);
  });
});
