import {
  createBookLibraryClient,
  etagOf,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKey,
  ifMatch,
  ifNoneMatch,
  newIdempotencyKey,
} from '../../libs/sdk/src';

/** A fake server that records each request and answers 200 with an empty page (or the given status). */
function recordingServer(status = 200, headers: Record<string, string> = {}) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify({ items: [], nextCursor: null }), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  };
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

describe('createBookLibraryClient', () => {
  it('calls the contract’s paths under the base URL (a trailing slash is ignored)', async () => {
    const server = recordingServer();
    const api = createBookLibraryClient({ baseUrl: 'https://books.test/', fetch: server.fetch });
    const { data } = await api.listBooks({ query: { limit: 2, sort: '-title' } });
    expect(data).toEqual({ items: [], nextCursor: null });
    expect(server.requests[0].url).toBe('https://books.test/api/v1/books?limit=2&sort=-title');
  });

  it('sends the API key as X-API-Key', async () => {
    const server = recordingServer();
    await createBookLibraryClient({ baseUrl: 'https://books.test', apiKey: 'k-123', fetch: server.fetch }).getBook({
      path: { id: 'b1' },
    });
    expect(server.requests[0].headers.get('x-api-key')).toBe('k-123');
    expect(server.requests[0].headers.get('authorization')).toBeNull();
  });

  it('sends a bearer token as Authorization, in place of an API key', async () => {
    const server = recordingServer();
    const api = createBookLibraryClient({
      baseUrl: 'https://books.test',
      apiKey: 'unused',
      bearerToken: 'jwt.token',
      fetch: server.fetch,
    });
    await api.deleteBook({ path: { id: 'b1' }, headers: ifMatch('"3"') });
    const [request] = server.requests;
    expect([request.method, request.url]).toEqual(['DELETE', 'https://books.test/api/v1/books/b1']);
    expect(request.headers.get('authorization')).toBe('Bearer jwt.token');
    expect(request.headers.get('x-api-key')).toBeNull();
    expect(request.headers.get('if-match')).toBe('"3"');
  });

  it('sends no credential when given none, and the extra headers it is given', async () => {
    const server = recordingServer();
    await createBookLibraryClient({
      baseUrl: 'https://books.test',
      headers: { 'X-Trace': 't' },
      fetch: server.fetch,
    }).listBooks();
    expect(server.requests[0].headers.get('x-trace')).toBe('t');
    expect(server.requests[0].headers.get('x-api-key')).toBeNull();
    expect(server.requests[0].headers.get('authorization')).toBeNull();
  });

  it('retries a 429 by default, and not with retry: false', async () => {
    const limited = () => recordingServer(429, { 'Retry-After': '0' });
    const retrying = limited();
    await createBookLibraryClient({ baseUrl: 'https://books.test', fetch: retrying.fetch }).listBooks();
    expect(retrying.requests).toHaveLength(3);
    const once = limited();
    const { response } = await createBookLibraryClient({
      baseUrl: 'https://books.test',
      fetch: once.fetch,
      retry: false,
    }).listBooks();
    expect([once.requests.length, response?.status]).toEqual([1, 429]);
  });

  it('sends an Idempotency-Key and a JSON body with a create', async () => {
    const server = recordingServer(201);
    const key = newIdempotencyKey();
    await createBookLibraryClient({ baseUrl: 'https://books.test', apiKey: 'k', fetch: server.fetch }).createBook({
      body: { title: 'Dune', authors: ['Frank Herbert'] },
      headers: idempotencyKey(key),
    });
    const [request] = server.requests;
    expect(request.headers.get(IDEMPOTENCY_KEY_HEADER)).toBe(key);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ title: 'Dune', authors: ['Frank Herbert'] });
  });
});

describe('ETag and Idempotency-Key helpers', () => {
  it('reads the entity tag of a response', () => {
    expect(etagOf(new Response(null, { headers: { ETag: '"4"' } }))).toBe('"4"');
    expect(etagOf(new Response(null))).toBeUndefined();
    expect(etagOf(undefined)).toBeUndefined();
  });

  it('builds conditional headers', () => {
    expect(ifMatch('"4"')).toEqual({ 'If-Match': '"4"' });
    expect(ifNoneMatch('"4"')).toEqual({ 'If-None-Match': '"4"' });
  });

  it('makes a new random key each time, or uses the one given', () => {
    const [a, b] = [newIdempotencyKey(), newIdempotencyKey()];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(idempotencyKey('mine')).toEqual({ 'Idempotency-Key': 'mine' });
  });
});
