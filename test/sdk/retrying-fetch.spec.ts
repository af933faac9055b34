import { retryAfterMs, retryingFetch } from '../../libs/sdk/src';

/** A fake server: answers with the given statuses in turn and keeps what it was sent. */
function server(...answers: { status: number; retryAfter?: string }[]) {
  const seen: { method: string; body: string }[] = [];
  const fetch = jest.fn(async (request: Request) => {
    seen.push({ method: request.method, body: await request.text() });
    const { status, retryAfter } = answers[Math.min(seen.length - 1, answers.length - 1)];
    return new Response(status === 204 ? null : `{"status":${status}}`, {
      status,
      headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, seen };
}

const waits = () => {
  const slept: number[] = [];
  return { slept, sleep: async (ms: number) => void slept.push(ms) };
};

const post = (headers: Record<string, string> = {}) =>
  new Request('http://api.test/api/v1/books', { method: 'POST', body: '{"title":"x"}', headers });

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-26T08:00:00Z');
  it.each<[string | null, number | undefined]>([
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 26 Nov 2026 08:00:05 GMT', 5000],
    ['Thu, 26 Nov 2026 07:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    [null, undefined],
  ])('%j → %j ms', (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });
});

describe('retryingFetch', () => {
  it('retries a 429 after its Retry-After, sending the same body again', async () => {
    const { fetch, seen } = server({ status: 429, retryAfter: '2' }, { status: 201 });
    const { slept, sleep } = waits();
    const response = await retryingFetch(fetch, { sleep })(post());
    expect(response.status).toBe(201);
    expect(slept).toEqual([2000]);
    expect(seen).toEqual([
      { method: 'POST', body: '{"title":"x"}' },
      { method: 'POST', body: '{"title":"x"}' },
    ]);
  });

  it('retries a 503 of an idempotent request, waiting the default without Retry-After', async () => {
    const { fetch } = server({ status: 503 }, { status: 200 });
    const { slept, sleep } = waits();
    const response = await retryingFetch(fetch, { sleep, defaultDelayMs: 250 })(new Request('http://api.test/x'));
    expect(response.status).toBe(200);
    expect(slept).toEqual([250]);
  });

  it('retries a 503 of a POST only when it carries an Idempotency-Key', async () => {
    const plain = server({ status: 503, retryAfter: '1' }, { status: 201 });
    expect((await retryingFetch(plain.fetch, waits())(post())).status).toBe(503);
    expect(plain.seen).toHaveLength(1);
    const keyed = server({ status: 503, retryAfter: '1' }, { status: 201 });
    expect((await retryingFetch(keyed.fetch, waits())(post({ 'Idempotency-Key': 'k1' }))).status).toBe(201);
    expect(keyed.seen).toHaveLength(2);
  });

  it('gives up after maxRetries and returns the last answer', async () => {
    const { fetch, seen } = server({ status: 429, retryAfter: '1' });
    const { slept, sleep } = waits();
    const response = await retryingFetch(fetch, { sleep, maxRetries: 2 })(new Request('http://api.test/x'));
    expect(response.status).toBe(429);
    expect(seen).toHaveLength(3);
    expect(slept).toEqual([1000, 1000]);
  });

  it('does not wait longer than maxDelayMs: it returns that answer at once', async () => {
    const { fetch, seen } = server({ status: 429, retryAfter: '120' });
    const { slept, sleep } = waits();
    const response = await retryingFetch(fetch, { sleep, maxDelayMs: 10_000 })(new Request('http://api.test/x'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
    expect([seen.length, slept]).toEqual([1, []]);
  });

  it('leaves every other answer alone', async () => {
    for (const status of [200, 204, 400, 404, 409, 412, 500, 502]) {
      const { fetch, seen } = server({ status });
      expect((await retryingFetch(fetch, waits())(new Request('http://api.test/x'))).status).toBe(status);
      expect(seen).toHaveLength(1);
    }
  });
});
