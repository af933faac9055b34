import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { KnownRoutes } from '../routing/known-routes';
import { notFoundFallback } from './not-found.fallback';
import { PROBLEM_TYPE_BASE } from './problem';

/** Node's response, as far as sendProblem writes it. */
function fakeServerResponse(headersSent = false) {
  const headers: Record<string, unknown> = {};
  const response = Object.assign(new EventEmitter(), {
    headersSent,
    statusCode: 200,
    body: undefined as string | undefined,
    headers,
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = value),
    end: (body?: string) => void (response.body = body),
  });
  return response;
}

describe('notFoundFallback', () => {
  it('answers any unknown path with a problem+json 404 naming method and path', () => {
    const response = fakeServerResponse();
    const request = { method: 'DELETE', originalUrl: '/favicon.ico?v=2', url: '/favicon.ico?v=2' };
    notFoundFallback(new KnownRoutes())(request as unknown as IncomingMessage, response as unknown as ServerResponse);
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.headers['content-length']).toBe(Buffer.byteLength(response.body!));
    expect(JSON.parse(response.body!)).toEqual({
      type: `${PROBLEM_TYPE_BASE}not-found`,
      title: 'Not Found',
      status: 404,
      detail: 'Cannot DELETE /favicon.ico',
      instance: '/favicon.ico',
    });
  });

  it('answers another method of a known path with 405 and Allow', () => {
    const routes = new KnownRoutes();
    routes.learn([{ path: '/health', methods: ['get'] }]);
    const response = fakeServerResponse();
    const request = { method: 'POST', url: '/health' };
    notFoundFallback(routes)(request as unknown as IncomingMessage, response as unknown as ServerResponse);
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(response.body!)).toMatchObject({ type: `${PROBLEM_TYPE_BASE}method-not-allowed`, status: 405 });
  });
});
