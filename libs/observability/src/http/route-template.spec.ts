import type { IncomingMessage } from 'node:http';
import { pathOf, routeTemplateOf, UNMATCHED_ROUTE } from './route-template';

const request = (fields: Record<string, unknown>) => ({ url: '/', ...fields }) as unknown as IncomingMessage;

describe('routeTemplateOf', () => {
  it('is the template of the route Express matched, not the path', () => {
    const req = request({ url: '/api/v1/books/123', route: { path: '/api/v1/books/:id' }, baseUrl: '' });
    expect(routeTemplateOf(req)).toBe('/api/v1/books/:id');
  });

  it('includes the base URL of a mounted router', () => {
    expect(routeTemplateOf(request({ route: { path: '/:id' }, baseUrl: '/api/v1/books' }))).toBe('/api/v1/books/:id');
  });

  it('is "/" for the root route', () => {
    expect(routeTemplateOf(request({ route: { path: '' }, baseUrl: '' }))).toBe('/');
  });

  it('is unmatched when no route matched (unknown path, error before routing)', () => {
    expect(routeTemplateOf(request({ url: '/nope' }))).toBe(UNMATCHED_ROUTE);
  });

  it("is unmatched when only Nest's not-found catch-all matched", () => {
    expect(routeTemplateOf(request({ url: '/api/v2/books', route: { path: '/api*path' } }))).toBe(UNMATCHED_ROUTE);
    expect(routeTemplateOf(request({ route: { path: '/api{/*splat}' } }))).toBe(UNMATCHED_ROUTE);
  });

  it('is unmatched for a route without a string path (a RegExp route)', () => {
    expect(routeTemplateOf(request({ route: { path: /books/ } }))).toBe(UNMATCHED_ROUTE);
  });
});

describe('pathOf', () => {
  it('drops the query string and prefers originalUrl', () => {
    expect(pathOf(request({ url: '/x?q=1' }))).toBe('/x');
    expect(pathOf(request({ url: '/inner', originalUrl: '/api/v1/books?limit=2' }))).toBe('/api/v1/books');
    expect(pathOf(request({ url: undefined }))).toBe('/');
  });
});
