import type { HttpRequest } from '@app/http';
import { createHash } from 'node:crypto';
import type { SecurityOptions } from '../security.options';
import { InvalidCredentialsError } from '../errors/invalid-credentials.error';
import { Authenticator, type Authentication } from './authenticator';
import { JwtVerifier } from './jwt-verifier';
import { principalOf, type Principal } from './principal';

const KEY = 'the-only-key-0123456789';
const PRINCIPAL = { id: `key:${createHash('sha256').update(KEY).digest('hex').slice(0, 8)}` };

const options = (apiKeys: string[]): SecurityOptions => ({
  apiKeys,
  rateLimit: { readPerMinute: 1, writePerMinute: 1, keyPrefix: 'p:' },
});

const requestWith = (headers: Record<string, string | undefined>) =>
  ({ method: 'POST', headers }) as unknown as HttpRequest;

describe('Authenticator', () => {
  const authenticator = new Authenticator(options([KEY]));

  it('is anonymous without credentials', async () => {
    const request = requestWith({});
    await expect(authenticator.authenticate(request)).resolves.toEqual({ outcome: 'anonymous' });
    expect(principalOf(request)).toBeUndefined();
  });

  it.each<Record<string, string>>([
    { 'x-api-key': KEY },
    { authorization: `Bearer ${KEY}` },
    { authorization: `BEARER  ${KEY}` },
  ])('puts the principal on the request for %p', async (headers) => {
    const request = requestWith(headers);
    await expect(authenticator.authenticate(request)).resolves.toEqual({
      outcome: 'authenticated',
      principal: PRINCIPAL,
    });
    expect(principalOf(request)).toEqual(PRINCIPAL);
  });

  describe('with several credentials, every one presented must be valid', () => {
    const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln';
    const BAD_JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0cnVkeSJ9.c2ln';
    const JWT_PRINCIPAL = { id: 'jwt:alice', scopes: ['books:write'] };
    const withJwt = new Authenticator({
      ...options([KEY]),
      jwt: { jwksUrl: 'http://127.0.0.1:1/jwks.json', issuer: 'https://idp.test/', audience: 'books' },
    });
    beforeAll(() => {
      jest.spyOn(JwtVerifier.prototype, 'verify').mockImplementation(async (token: string) => {
        if (token === JWT) return JWT_PRINCIPAL;
        throw new InvalidCredentialsError('The bearer token is not valid for this API');
      });
    });
    afterAll(() => jest.restoreAllMocks());

    type Presented = { apiKey?: 'valid' | 'invalid'; bearer?: 'key' | 'jwt' | 'invalid-key' | 'invalid-jwt' };
    const headersFor = ({ apiKey, bearer }: Presented): Record<string, string> => ({
      ...(apiKey && { 'x-api-key': apiKey === 'valid' ? KEY : 'not-the-key-0123456789' }),
      ...(bearer && {
        authorization: `Bearer ${{ key: KEY, jwt: JWT, 'invalid-key': 'not-the-key-0123456789', 'invalid-jwt': BAD_JWT }[bearer]}`,
      }),
    });

    it.each<[Presented, Authentication['outcome'], Principal | undefined]>([
      [{}, 'anonymous', undefined],
      [{ apiKey: 'valid' }, 'authenticated', PRINCIPAL],
      [{ bearer: 'key' }, 'authenticated', PRINCIPAL],
      [{ bearer: 'jwt' }, 'authenticated', JWT_PRINCIPAL],
      [{ apiKey: 'invalid' }, 'rejected', undefined],
      [{ bearer: 'invalid-key' }, 'rejected', undefined],
      [{ bearer: 'invalid-jwt' }, 'rejected', undefined],
      [{ apiKey: 'valid', bearer: 'key' }, 'authenticated', PRINCIPAL],
      [{ apiKey: 'valid', bearer: 'jwt' }, 'authenticated', PRINCIPAL],
      [{ apiKey: 'valid', bearer: 'invalid-key' }, 'rejected', undefined],
      [{ apiKey: 'valid', bearer: 'invalid-jwt' }, 'rejected', undefined],
      [{ apiKey: 'invalid', bearer: 'key' }, 'rejected', undefined],
      [{ apiKey: 'invalid', bearer: 'jwt' }, 'rejected', undefined],
      [{ apiKey: 'invalid', bearer: 'invalid-jwt' }, 'rejected', undefined],
    ])('%p is %s', async (presented, outcome, principal) => {
      const request = requestWith(headersFor(presented));
      const result = await withJwt.authenticate(request);
      expect(result.outcome).toBe(outcome);
      if (result.outcome === 'rejected') expect(result.error).toBeInstanceOf(InvalidCredentialsError);
      expect(principalOf(request)).toEqual(principal);
    });

    it('rejects a malformed Authorization header next to a valid X-API-Key', async () => {
      const outcome = await authenticator.authenticate(requestWith({ 'x-api-key': KEY, authorization: 'Basic abc' }));
      expect(outcome).toEqual({ outcome: 'rejected', error: expect.any(InvalidCredentialsError) });
    });
  });

  it.each<Record<string, string>>([
    { authorization: 'Basic abc' },
    { authorization: 'Bearer' },
    { authorization: `Bearer ${KEY} extra` },
  ])('rejects %p', async (headers) => {
    const outcome = await authenticator.authenticate(requestWith(headers));
    expect(outcome.outcome).toBe('rejected');
  });

  it('verifies each request once, however many guards ask', async () => {
    const request = requestWith({ 'x-api-key': KEY });
    const first = authenticator.authenticate(request);
    expect(authenticator.authenticate(request)).toBe(first);
  });

  it('says whether writes are open, and warns loudly at start-up when they are', () => {
    const open = new Authenticator(options([]));
    const warn = jest.spyOn((open as unknown as { logger: { warn: (m: string) => void } }).logger, 'warn');
    warn.mockImplementation(() => undefined);
    open.onModuleInit();
    expect(open.writesAreOpen).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^NO API KEYS CONFIGURED.*API_KEYS/));
    expect(authenticator.writesAreOpen).toBe(false);
  });
});
