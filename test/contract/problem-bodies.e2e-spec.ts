import type { INestApplication } from '@nestjs/common';
import { MAX_URI_LENGTH } from '@app/security';
import { freePort } from '../support/server-process';
import { AUDIENCE, ISSUER, startIdentityProvider, type TestIdentityProvider } from '../support/security/jwks-server';
import { newApiKey } from '../support/security/keys';
import { createTestApp } from '../support/test-app';
import { ContractChecker, type ObservedResponse } from './contract-checker';
import { loadContract, operationsOf } from './openapi-document';

// Every problem the service can emit, driven for real, and each body validated (Ajv) against the schema
// the contract declares for that operation and status: a generated client must be able to read them all.

const BOOKS = '/api/v1/books';
const MISSING = `${BOOKS}/00000000-0000-4000-8000-000000000000`;
const book = { title: 'Problem Child', authors: ['P. Roblem'] };
const isbn = '978-0-441-17271-9';

const contract = loadContract();
const checker = new ContractChecker(contract);

/** The operation the contract declares at this method and path (the path a template instance). */
function operationAt(method: string, path: string): string {
  const found = operationsOf(contract).find(
    (op) => op.method === method && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  if (!found) throw new Error(`the contract has no ${method} ${path}`);
  return found.operationId;
}

async function call(base: string, method: string, path: string, init: RequestInit = {}): Promise<ObservedResponse> {
  const response = await fetch(new URL(path, base), { method, ...init, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const json = (headers: Record<string, string> = {}) => ({ 'Content-Type': 'application/json', ...headers });

function expectConforming(operationId: string, status: number, response: ObservedResponse): void {
  expect({ status: response.status, body: response.body.slice(0, 300) }).toMatchObject({ status });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(checker.check(operationId, response)).toEqual([]);
}

describe('every problem body matches the schema the contract declares for it', () => {
  const apiKey = newApiKey();
  const auth = { 'X-API-Key': apiKey };
  let idp: TestIdentityProvider;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    app = await createTestApp({
      API_KEYS: apiKey,
      AUTH_JWKS_URL: idp.jwksUrl,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  type Case = [string, number, string, string, () => Promise<RequestInit>];
  const cases: Case[] = [
    ['400 validation failed', 400, 'POST', BOOKS, async () => ({ headers: json(auth), body: '{"title":""}' })],
    ['400 a query parameter out of range', 400, 'GET', `${BOOKS}?limit=0`, async () => ({})],
    ['400 a path id that is not a UUID', 400, 'GET', `${BOOKS}/not-a-uuid`, async () => ({})],
    ['401 no credential on a write', 401, 'POST', BOOKS, async () => ({ headers: json(), body: JSON.stringify(book) })],
    [
      '401 an invalid credential',
      401,
      'POST',
      BOOKS,
      async () => ({ headers: json({ 'X-API-Key': 'not-the-key-0123456789' }), body: JSON.stringify(book) }),
    ],
    [
      '403 a token without the write scope',
      403,
      'POST',
      BOOKS,
      async () => ({
        headers: json({ Authorization: `Bearer ${await idp.sign({ sub: 'reader', scope: 'books:read' })}` }),
        body: JSON.stringify(book),
      }),
    ],
    ['404 an unknown book', 404, 'GET', MISSING, async () => ({})],
    ['404 an unknown book on a write', 404, 'DELETE', MISSING, async () => ({ headers: auth })],
    [
      '412 a stale If-Match',
      412,
      'PUT',
      '{created}',
      async () => ({ headers: json({ ...auth, 'If-Match': '"999"' }), body: JSON.stringify(book) }),
    ],
    [
      '413 a body over the limit',
      413,
      'POST',
      BOOKS,
      async () => ({ headers: json(auth), body: JSON.stringify({ ...book, description: 'x'.repeat(70_000) }) }),
    ],
    [
      '415 a body that is not JSON',
      415,
      'POST',
      BOOKS,
      async () => ({ headers: { ...auth, 'Content-Type': 'text/plain' }, body: 'Dune' }),
    ],
  ];

  let created: string;
  beforeAll(async () => {
    const res = await call(base, 'POST', BOOKS, { headers: json(auth), body: JSON.stringify({ ...book, isbn }) });
    created = (JSON.parse(res.body) as { id: string }).id;
  });

  it.each(cases)('%s', async (_name, status, method, rawPath, init) => {
    const path = rawPath === '{created}' ? `${BOOKS}/${created}` : rawPath;
    expectConforming(operationAt(method, path.split('?')[0]), status, await call(base, method, path, await init()));
  });

  it('409 a duplicate ISBN', async () => {
    const res = await call(base, 'POST', BOOKS, { headers: json(auth), body: JSON.stringify({ ...book, isbn }) });
    expectConforming('createBook', 409, res);
  });

  it('422 an Idempotency-Key reused with another body', async () => {
    const headers = json({ ...auth, 'Idempotency-Key': `problem-bodies-${Date.now()}` });
    expect((await call(base, 'POST', BOOKS, { headers, body: JSON.stringify(book) })).status).toBe(201);
    const res = await call(base, 'POST', BOOKS, { headers, body: JSON.stringify({ ...book, title: 'Other' }) });
    expectConforming('createBook', 422, res);
  });

  it('400 malformed JSON', async () => {
    const res = await call(base, 'POST', BOOKS, { headers: json(auth), body: '{"title": "Dune",' });
    expectConforming('createBook', 400, res);
  });

  it('400 JSON nested too deep', async () => {
    const deep = `{"title":${'['.repeat(64)}${']'.repeat(64)},"authors":["A"]}`;
    const res = await call(base, 'POST', BOOKS, { headers: json(auth), body: deep });
    expectConforming('createBook', 400, res);
  });

  it.each([
    ['DELETE', BOOKS],
    ['POST', MISSING],
  ])('405 %s %s, with Allow, declared on the path', async (method, path) => {
    const res = await call(base, method, path, { headers: json(auth), body: method === 'POST' ? '{}' : undefined });
    expect(res.headers.get('allow')).toBeTruthy();
    // No operation has this method here: the schema a client finds is the 405 declared on the path's operations.
    const declaring = operationsOf(contract).filter(
      (op) => new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path) && op.operation.responses['405'],
    );
    expect(declaring.length).toBeGreaterThan(0);
    for (const { operationId } of declaring) expectConforming(operationId, 405, res);
  });

  it('414 a URI over the limit', async () => {
    // The limit sits above the largest valid request and below the header cap (431): one character over it.
    const res = await call(base, 'GET', `${BOOKS}?q=${'x'.repeat(MAX_URI_LENGTH)}`);
    expect(res.status).toBe(414);
    expectConforming('listBooks', 414, res);
  });
});

describe('problems from other configurations', () => {
  it('429 over the rate limit', async () => {
    const app = await createTestApp({ RATE_LIMIT_READ_PER_MINUTE: '1' });
    try {
      await app.listen(0, '127.0.0.1');
      const base = await app.getUrl();
      let res = await call(base, 'GET', BOOKS);
      for (let i = 0; i < 3 && res.status !== 429; i++) res = await call(base, 'GET', BOOKS);
      expectConforming('listBooks', 429, res);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('503 when the identity provider cannot be reached to check a token', async () => {
    const idp = await startIdentityProvider();
    const token = await idp.sign({ sub: 'writer', scope: 'books:write' });
    await idp.close();
    const app = await createTestApp({
      AUTH_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks.json`,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
    });
    try {
      await app.listen(0, '127.0.0.1');
      const base = await app.getUrl();
      const res = await call(base, 'POST', BOOKS, {
        headers: json({ Authorization: `Bearer ${token}` }),
        body: JSON.stringify(book),
      });
      expectConforming('createBook', 503, res);
    } finally {
      await app.close();
    }
  }, 60_000);
});
