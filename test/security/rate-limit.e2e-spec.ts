import { RATE_LIMIT_STORE_ERRORS_TOTAL } from '@app/security';
import type { INestApplication } from '@nestjs/common';
import { register } from 'prom-client';
import request from 'supertest';
import { freePort } from '../support/server-process';
import { createTestApp } from '../support/test-app';
import { newApiKey } from '../support/security/keys';
import { expectProblem } from '../support/problem';
import { describeRedis, REDIS_URL_TEST, uniqueRedisPrefix } from '../support/redis';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

const BOOKS = '/api/v1/books';
const book = { title: 'Limited', authors: ['R. L.'] };

describe('rate limits per client, in process', () => {
  const [keyA, keyB] = [newApiKey(), newApiKey()];
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    app = await createTestApp({
      API_KEYS: `${keyA},${keyB}`,
      RATE_LIMIT_READ_PER_MINUTE: '3',
      RATE_LIMIT_WRITE_PER_MINUTE: '2',
      TRUST_PROXY: 'true',
    });
    http = request(app.getHttpServer());
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app?.close());

  /** A client of its own: X-Forwarded-For is honoured here (TRUST_PROXY=true). */
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });

  it('counts reads with RateLimit-* headers, then answers 429 problem+json with Retry-After', async () => {
    const client = from('198.51.100.1');
    for (let i = 1; i <= 3; i++) {
      const res = await http.get(BOOKS).set(client).expect(200);
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(res.headers['ratelimit-remaining']).toBe(String(3 - i));
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
    }
    const refused = await http.get(BOOKS).set(client);
    expectProblem(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.body.detail).toMatch(/3 requests/);
  });

  it('keeps separate budgets for reads and writes', async () => {
    const client = { ...from('198.51.100.2'), 'X-API-Key': keyA };
    for (let i = 0; i < 3; i++) await http.get(BOOKS).set(client).expect(200);
    await http.get(BOOKS).set(client).expect(429);
    await http.post(BOOKS).set(client).send(book).expect(201);
    await http.post(BOOKS).set(client).send(book).expect(201);
    const refused = await http.post(BOOKS).set(client).send(book);
    expectProblem(refused, 429);
    expect(refused.headers['ratelimit-limit']).toBe('2');
  });

  it('counts per API key, not per address, when the key is valid', async () => {
    const sameAddress = from('198.51.100.3');
    // keyA spent its write budget above; keyB has its own, from the same address.
    await http
      .post(BOOKS)
      .set({ ...sameAddress, 'X-API-Key': keyA })
      .send(book)
      .expect(429);
    await http
      .post(BOOKS)
      .set({ ...sameAddress, 'X-API-Key': keyB })
      .send(book)
      .expect(201);
  });

  it('limits failed key guesses by address, before saying 401', async () => {
    const guesser = from('198.51.100.4');
    for (let i = 0; i < 2; i++) {
      await http
        .post(BOOKS)
        .set({ ...guesser, 'X-API-Key': `guess-${i}-0123456789` })
        .send(book)
        .expect(401);
    }
    await http
      .post(BOOKS)
      .set({ ...guesser, 'X-API-Key': 'guess-2-0123456789' })
      .send(book)
      .expect(429);
  });

  it('never limits /health, /ready, /metrics or /docs', async () => {
    const client = from('198.51.100.5');
    for (let i = 0; i < 8; i++) {
      for (const path of ['/health', '/ready', '/metrics', '/docs/openapi.json']) {
        const res = await http.get(path).set(client);
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });
});

describe('in-process counters: Redis unreachable, no proxy trusted', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    app = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_READ_PER_MINUTE: '5' });
    http = request(app.getHttpServer());
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app?.close());

  const storeErrors = async () =>
    (await register.getSingleMetric(RATE_LIMIT_STORE_ERRORS_TOTAL)?.get())?.values[0]?.value ?? 0;

  it('serves requests on in-process counters and counts rate_limit_store_errors_total', async () => {
    const before = await storeErrors();
    for (let i = 0; i < 5; i++) await http.get(BOOKS).expect(200);
    expect(await storeErrors()).toBe(before + 5);
    // Failing open does not mean unlimited: this process still enforces its own limit.
    await http.get(BOOKS).expect(429);
    const scrape = await http.get('/metrics').expect(200);
    expect(scrape.text).toMatch(new RegExp(`^${RATE_LIMIT_STORE_ERRORS_TOTAL} ${before + 6}$`, 'm'));
  });

  it('ignores X-Forwarded-For: a client cannot get a fresh budget by inventing addresses', async () => {
    const res = await http.get(BOOKS).set('X-Forwarded-For', '203.0.113.1');
    expectProblem(res, 429);
  });
});

describeRedis('Redis-backed counters, in process', () => {
  const redis = uniqueRedisPrefix();
  let app: INestApplication;
  afterAll(async () => {
    await app?.close();
    expect(await redis.cleanup()).toBeGreaterThan(0);
  });

  it(
    'enforces the limit from Redis',
    async () => {
      app = await createTestApp({
        REDIS_URL: REDIS_URL_TEST,
        RATE_LIMIT_KEY_PREFIX: redis.prefix,
        RATE_LIMIT_WRITE_PER_MINUTE: '2',
      });
      const http = request(app.getHttpServer());
      await http.post(BOOKS).send(book).expect(201);
      const second = await http.post(BOOKS).send(book).expect(201);
      expect(second.headers['ratelimit-remaining']).toBe('0');
      const refused = await http.post(BOOKS).send(book);
      expectProblem(refused, 429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    },
    APP_START_HOOK_TIMEOUT_MS,
  );
});
