import { RateLimitedError } from './rate-limited.error';

describe('RateLimitedError', () => {
  it('is a 429 with Retry-After and the IETF draft RateLimit headers', () => {
    const error = new RateLimitedError(60, 17);
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({
      'Retry-After': '17',
      'RateLimit-Limit': '60',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '17',
    });
  });

  it('never says to retry after 0 seconds', () => {
    expect(new RateLimitedError(1, 0).headers['Retry-After']).toBe('1');
  });
});
