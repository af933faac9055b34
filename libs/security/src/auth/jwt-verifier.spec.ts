import { JwtVerifier, looksLikeJwt } from './jwt-verifier';

// jose is loaded by the first verifier only: without AUTH_JWKS_URL no start-up pays for it.
const mockLoads: string[] = [];
jest.mock('jose', () => {
  mockLoads.push('jose');
  return jest.requireActual('jose');
});

describe('JwtVerifier', () => {
  it('does not load jose to tell a JWT from an API key', () => {
    expect(looksLikeJwt('aaa.bbb.ccc')).toBe(true);
    expect(looksLikeJwt('an-api-key')).toBe(false);
    expect(mockLoads).toEqual([]);
  });

  it('loads jose once, with the first verifier, and refuses a token it cannot verify', async () => {
    const options = { jwksUrl: 'http://127.0.0.1:1/jwks.json', issuer: 'https://issuer', audience: 'api' };
    const verifier = new JwtVerifier(options);
    new JwtVerifier(options);
    expect(mockLoads).toEqual(['jose']);
    await expect(verifier.verify('not.a.token')).rejects.toBeInstanceOf(Error);
  });
});
