import { MAX_HEADER_BYTES, MAX_URI_LENGTH } from '@app/security';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
import { expectProblem } from '../support/problem';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

const BOOKS = '/api/v1/books';
const ALLOWED_ORIGIN = 'https://catalogue.example';

/** Sends raw bytes and resolves with everything the server answered before closing. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('HTTP hardening', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let port: number;

  beforeAll(async () => {
    app = await createTestApp({ CORS_ORIGINS: `${ALLOWED_ORIGIN},https://other.example` });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    http = request(`http://127.0.0.1:${port}`);
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app?.close());

  describe('security headers', () => {
    it('sends nosniff, frame denial and a lock-down CSP on API responses, and no X-Powered-By', async () => {
      for (const res of [await http.get(BOOKS), await http.get('/nope'), await http.post(BOOKS).send('{')]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['content-security-policy']).toBe(
          "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
        );
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('lets /docs load its own scripts (no inline script) and inline styles, and nothing else', async () => {
      const res = await http.get('/docs/').expect(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'none'");
      // The page the CSP must allow: scripts only from files, so 'self' suffices.
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      for (const script of res.text.match(/<script[^>]*src="([^"]+)"/g) ?? []) {
        const src = /src="([^"]+)"/.exec(script)![1];
        expect(src).not.toMatch(/^(https?:)?\/\//);
        await http.get(new URL(src, `http://127.0.0.1:${port}/docs/`).pathname).expect(200);
      }
    });
  });

  describe('CORS', () => {
    it('answers an allowed origin with its own name and the exposed headers', async () => {
      const res = await http.get(BOOKS).set('Origin', ALLOWED_ORIGIN).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(res.headers['access-control-expose-headers']).toBe(
        'ETag,Location,X-Request-ID,RateLimit-Limit,RateLimit-Remaining,RateLimit-Reset,Retry-After',
      );
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('pre-flights a write with the headers the API uses', async () => {
      const res = await http
        .options(`${BOOKS}/x`)
        .set('Origin', ALLOWED_ORIGIN)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'if-match,idempotency-key,x-api-key,content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-methods']).toContain('PATCH');
      expect(res.headers['access-control-allow-headers']).toBe(
        'Authorization,X-API-Key,Content-Type,If-Match,If-None-Match,Idempotency-Key,X-Request-ID',
      );
    });

    it('gives any other origin no CORS headers at all', async () => {
      for (const origin of ['https://evil.example', 'null', `${ALLOWED_ORIGIN}.evil.example`]) {
        const res = await http.get(BOOKS).set('Origin', origin).expect(200);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  describe('request size limits', () => {
    it('answers a request target over MAX_URI_LENGTH with a 414 problem', async () => {
      const res = await http.get(`${BOOKS}?q=${'a'.repeat(MAX_URI_LENGTH)}`);
      expectProblem(res, 414);
      await http.get(`${BOOKS}?q=${'a'.repeat(150)}`).expect(200);
    });

    it('answers headers over MAX_HEADER_BYTES with a 431 problem (before Express), and serves 1 KiB less', async () => {
      const answer = await rawExchange(
        port,
        `GET ${BOOKS} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES + 1000)}\r\n\r\n`,
      );
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 431 /);
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(body)).toMatchObject({ status: 431, title: 'Request header fields too large' });
      await http
        .get(BOOKS)
        .set('X-Big', 'a'.repeat(MAX_HEADER_BYTES - 1024))
        .expect(200);
    });

    it('answers a malformed request line with a 400 problem', async () => {
      const answer = await rawExchange(port, 'GET / HTTP/9.9 nonsense\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad request/);
      expect(JSON.parse(answer.split('\r\n\r\n')[1])).toMatchObject({ status: 400 });
    });

    it('sets the server timeouts from REQUEST_TIMEOUT_MS', () => {
      const server = app.getHttpServer() as import('node:http').Server & { maxHeaderSize?: number };
      expect(server.requestTimeout).toBe(10_000);
      expect(server.headersTimeout).toBe(10_000);
      expect(server.maxHeaderSize).toBe(MAX_HEADER_BYTES);
    });
  });
});
