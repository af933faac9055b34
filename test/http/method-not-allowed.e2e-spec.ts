import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

const ID = '3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41';

/** Issue 18.5: a known path with a method it does not have is a 405 problem with Allow, not a 404. */
describe('unsupported methods on known paths', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app.close());

  it.each([
    ['delete', '/api/v1/books', 'GET, HEAD, POST'],
    ['put', '/api/v1/books', 'GET, HEAD, POST'],
    ['post', `/api/v1/books/${ID}`, 'GET, HEAD, PUT, PATCH, DELETE'],
    ['post', '/health', 'GET, HEAD'],
    ['delete', '/ready', 'GET, HEAD'],
  ] as const)('%s %s: 405 problem, Allow: %s', async (method, path, allow) => {
    const res = await request(app.getHttpServer())[method](path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.headers['x-request-id']).toBeDefined();
    expect(res.body).toEqual({
      type: 'https://book-library.dev/problems/method-not-allowed',
      title: 'Method not allowed',
      status: 405,
      detail: `${method.toUpperCase()} is not supported here; use ${allow}`,
      instance: path,
    });
  });

  it('still answers an unknown path, or an unknown version, with 404', async () => {
    for (const path of ['/api/v1/nope', '/api/v2/books', '/nope', `/api/v1/books/${ID}/extra`]) {
      const res = await request(app.getHttpServer()).delete(path);
      expect([path, res.status, res.headers.allow]).toEqual([path, 404, undefined]);
    }
  });
});
