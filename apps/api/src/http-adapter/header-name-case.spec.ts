import { headerNameCase } from './header-name-case';

describe('headerNameCase', () => {
  it('writes a lower-case name as Express would have it written', () => {
    expect(headerNameCase('content-type')).toBe('Content-Type');
    expect(headerNameCase('content-length')).toBe('Content-Length');
    expect(headerNameCase('cache-control')).toBe('Cache-Control');
    expect(headerNameCase('location')).toBe('Location');
    expect(headerNameCase('retry-after')).toBe('Retry-After');
  });

  it('keeps the usual spelling of names that are not Title-Case', () => {
    expect(headerNameCase('etag')).toBe('ETag');
    expect(headerNameCase('www-authenticate')).toBe('WWW-Authenticate');
    expect(headerNameCase('x-request-id')).toBe('X-Request-ID');
    expect(headerNameCase('ratelimit-remaining')).toBe('RateLimit-Remaining');
  });

  it('leaves a name already spelled so as it is, however spelled', () => {
    expect(headerNameCase('RateLimit-Limit')).toBe('RateLimit-Limit');
    expect(headerNameCase('Idempotency-Replayed')).toBe('Idempotency-Replayed');
    expect(headerNameCase('x-Custom')).toBe('x-Custom');
  });

  it('gives the same spelling when asked again (from what it remembers)', () => {
    expect(headerNameCase('access-control-allow-origin')).toBe('Access-Control-Allow-Origin');
    expect(headerNameCase('access-control-allow-origin')).toBe('Access-Control-Allow-Origin');
  });
});
