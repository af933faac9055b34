import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEnv } from '../config/env.schema';
import { fastifyPlatform } from './fastify.adapter';

/** Fastify as the platform sets it up, with one route that answers what it saw. */
async function fastifyWith(env: Record<string, string> = {}) {
  const adapter = fastifyPlatform.createAdapter(parseEnv(env));
  const fastify = adapter.getInstance<FastifyInstance>();
  fastify.setErrorHandler((error: Error & { status?: number }, _request, reply) =>
    reply.code(error.status ?? 500).send({ error: error.message }),
  );
  fastify.post('/api/v1/books/:id', async (request) => ({
    id: (request.params as { id: string }).id,
    query: request.query,
    body: request.body ?? null,
    ip: request.ip,
    route: fastifyPlatform.routeTemplateOf(request.raw),
  }));
  await fastify.ready();
  return { fastify, app: { getHttpAdapter: () => adapter } as unknown as INestApplication };
}

describe('fastifyPlatform', () => {
  it('routes as Express does: case-insensitive, a trailing slash ignored, long parameters kept, simple queries', async () => {
    const { fastify } = await fastifyWith();
    const id = 'x'.repeat(300);
    const res = await fastify.inject({ method: 'POST', url: `/API/V1/books/${id}/?a[b]=1&t=1&t=2` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, query: { 'a[b]': '1', t: ['1', '2'] }, route: '/api/v1/books/:id' });
  });

  it('reads no body itself: the route gets what the pipeline parser put on the request, whatever the type', async () => {
    const { fastify } = await fastifyWith();
    const res = await fastify.inject({
      method: 'POST',
      url: '/api/v1/books/1',
      headers: { 'content-type': 'text/plain' },
      payload: 'not json',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ body: null });
  });

  it('takes the client from X-Forwarded-For only when it trusts a proxy, and one hop only', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' };
    const trusting = (await fastifyWith({ TRUST_PROXY: 'true' })).fastify;
    const direct = (await fastifyWith()).fastify;
    expect((await trusting.inject({ method: 'POST', url: '/api/v1/books/1', headers })).json().ip).toBe('198.51.100.7');
    expect((await direct.inject({ method: 'POST', url: '/api/v1/books/1', headers })).json().ip).toBe('127.0.0.1');
  });

  it("answers a URL with bad percent-encoding with Express' 400, past its hooks", async () => {
    const { fastify } = await fastifyWith();
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/books/%zz' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: "Failed to decode param '%zz'" });
  });

  it('writes header names as Express does, not in lower case', async () => {
    const { fastify } = await fastifyWith();
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = fastify.server.address() as AddressInfo;
      const response = await new Promise<IncomingMessage>((resolve) =>
        request({ port, host: '127.0.0.1', method: 'POST', path: '/api/v1/books/1' }, resolve).end(),
      );
      response.resume();
      const names = response.rawHeaders.filter((_, i) => i % 2 === 0);
      expect(names).toEqual(expect.arrayContaining(['Content-Type', 'Content-Length']));
      expect(names).not.toContain('content-type');
    } finally {
      await fastify.close();
    }
  });

  it('lists the routes it registered, not the wildcards', async () => {
    const { app } = await fastifyWith();
    const routes = fastifyPlatform.routes(app);
    expect(routes).toContainEqual({ path: '/api/v1/books/:id', methods: ['POST'] });
    expect(routes.some((route) => route.path.includes('*'))).toBe(false);
  });
});
