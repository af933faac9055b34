import { AuthenticationUnavailableError, InvalidCredentialsError, JwtVerifier } from '@app/security';
import type { INestApplication } from '@nestjs/common';
import { generateKeyPair } from 'jose';
import request from 'supertest';
import { freePort } from '../support/server-process';
import { createTestApp } from '../support/test-app';
import {
  AUDIENCE,
  ISSUER,
  startIdentityProvider,
  tamperedToken,
  TestIdentityProvider,
  unsignedToken,
} from '../support/security/jwks-server';
import { newApiKey } from '../support/security/keys';
import { expectProblem } from '../support/problem';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

const BOOKS = '/api/v1/books';
const book = { title: 'Signed', authors: ['J. W. T.'] };
const writer = { sub: 'alice', scope: 'books:write' };

describe('OAuth2/OIDC bearer JWTs (AUTH_JWKS_URL)', () => {
  const apiKey = newApiKey();
  let idp: TestIdentityProvider;
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    app = await createTestApp({
      API_KEYS: apiKey,
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
    http = request(app.getHttpServer());
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  const post = (token: string) => http.post(BOOKS).set('Authorization', `Bearer ${token}`).send(book);

  it.each([
    ['a space-separated scope claim', { sub: 'alice', scope: 'books:read books:write' }],
    ['an scp array', { sub: 'bob', scp: ['books:write'] }],
  ])('accepts a token with the write scope in %s', async (_name, claims) => {
    await post(await idp.sign(claims)).expect(201);
  });

  it('answers 403 insufficient_scope for a valid token without books:write', async () => {
    const res = await post(await idp.sign({ sub: 'carol', scope: 'books:read' }));
    expectProblem(res, 403);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="book-library", error="insufficient_scope", scope="books:write"',
    );
  });

  it('lets any valid token read', async () => {
    await http
      .get(BOOKS)
      .set('Authorization', `Bearer ${await idp.sign({ sub: 'carol' })}`)
      .expect(200);
  });

  it.each([
    ['expired', () => idp.sign(writer, { expiresIn: '-1m' })],
    ['for another audience', () => idp.sign(writer, { audience: 'someone-else' })],
    ['from another issuer', () => idp.sign(writer, { issuer: 'https://evil.test/' })],
    ['without a subject', () => idp.sign({ scope: 'books:write' })],
    [
      'signed by a key not in the JWKS',
      async () => idp.sign(writer, { key: (await generateKeyPair('ES256')).privateKey }),
    ],
    ['with alg none', async () => unsignedToken({ ...writer, iss: ISSUER, aud: AUDIENCE })],
    ['whose claims were changed', async () => tamperedToken(await idp.sign({ sub: 'trudy' }), writer)],
  ])('refuses a token %s with 401 invalid_token', async (_name, token) => {
    const res = await post(await token());
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  describe('with an API key next to the JWT, every credential presented must be valid', () => {
    it('refuses a valid JWT with a wrong X-API-Key', async () => {
      const res = await post(await idp.sign(writer)).set('X-API-Key', 'not-the-key-0123456789');
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    });

    it('refuses a valid X-API-Key with an invalid JWT', async () => {
      const res = await post(await idp.sign(writer, { expiresIn: '-1m' })).set('X-API-Key', apiKey);
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    });

    it('refuses a valid X-API-Key with a garbage bearer token', async () => {
      expectProblem(await post('garbage.garbage.garbage').set('X-API-Key', apiKey), 401);
    });

    it('lets a valid JWT and a valid X-API-Key write together', async () => {
      await post(await idp.sign(writer))
        .set('X-API-Key', apiKey)
        .expect(201);
    });

    it('lets a valid X-API-Key write next to a valid JWT without the write scope (the key carries the right)', async () => {
      await post(await idp.sign({ sub: 'carol', scope: 'books:read' }))
        .set('X-API-Key', apiKey)
        .expect(201);
    });
  });

  it('still accepts API keys', async () => {
    await http.post(BOOKS).set('X-API-Key', apiKey).send(book).expect(201);
  });
});

describe('JwtVerifier', () => {
  it('names the principal jwt:<sub> and carries its scopes', async () => {
    const idp = await startIdentityProvider();
    try {
      const verifier = new JwtVerifier({ jwksUrl: idp.jwksUrl, issuer: ISSUER, audience: AUDIENCE });
      await expect(verifier.verify(await idp.sign({ sub: 'alice', scope: 'a books:write' }))).resolves.toEqual({
        id: 'jwt:alice',
        scopes: ['a', 'books:write'],
      });
      await expect(verifier.verify(await idp.sign({ sub: 'bob' }))).resolves.toEqual({ id: 'jwt:bob', scopes: [] });
      await expect(verifier.verify('a.b.c')).rejects.toBeInstanceOf(InvalidCredentialsError);
    } finally {
      await idp.close();
    }
  });

  it('answers 503 (not 401) when the key set cannot be fetched', async () => {
    const idp = await startIdentityProvider();
    const token = await idp.sign(writer);
    await idp.close();
    const verifier = new JwtVerifier({
      jwksUrl: `http://127.0.0.1:${await freePort()}/jwks.json`,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const error = await verifier.verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationUnavailableError);
    expect((error as AuthenticationUnavailableError).code).toBe('AUTHENTICATION_UNAVAILABLE');
    expect((error as AuthenticationUnavailableError).retryAfterSeconds).toBe(5);
  });
});
