import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

/** 200 characters of 4 UTF-8 bytes each: the longest `q` or `author` once percent-encoded. */
const EMOJI_200 = '📚'.repeat(200);

/** Issue 18.3: a valid request is never refused for its size, however its characters encode. */
describe('the largest valid requests', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app.close());

  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams({
      limit: '100',
      q: EMOJI_200,
      author: EMOJI_200,
      isbn: '9780441172719',
      language: 'en',
      tag: '📚'.repeat(50),
      publishedYearFrom: '-3000',
      publishedYearTo: '9999',
      sort: '-publishedYear',
      ...extra,
    }).toString();

  it('answers every filter at its maximum length in 4-byte characters (over 2 KiB encoded), with 200', async () => {
    const target = `/api/v1/books?${query()}`;
    expect(target.length).toBeGreaterThan(5000);
    const res = await request(app.getHttpServer()).get(target).set('X-Request-ID', 'r'.repeat(128));
    expect(res.status).toBe(200);
  });

  it('judges even a maximal cursor on its content (400), never on its size (414/431)', async () => {
    const res = await request(app.getHttpServer()).get(`/api/v1/books?${query({ cursor: '📚'.repeat(1024) })}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('cursor');
  });
});
