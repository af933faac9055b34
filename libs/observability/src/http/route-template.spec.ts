import type { IncomingMessage } from 'node:http';
import { pathOf, routeTemplateOf, UNMATCHED_ROUTE } from './route-template';

const request = (fields: Record<string, unknown>) => ({ url: '/', ...fields }) as unknown as IncomingMessage;
const resolvingTo = (template: string | undefined) => () => template;

describe('routeTemplateOf', () => {
  it('is the template of the route the framework matched, not the path', () => {
    expect(routeTemplateOf(request({ url: '/api/v1/books/123' }), resolvingTo('/api/v1/books/:id'))).toBe(
      '/api/v1/books/:id',
    );
  });

  it('is "/" for the root route', () => {
    expect(routeTemplateOf(request({}), resolvingTo(''))).toBe('/');
  });

  it('is unmatched when no route matched (unknown path, error before routing), or nothing resolves routes', () => {
    expect(routeTemplateOf(request({ url: '/nope' }), resolvingTo(undefined))).toBe(UNMATCHED_ROUTE);
    expect(routeTemplateOf(request({ url: '/api/v1/books' }), undefined)).toBe(UNMATCHED_ROUTE);
  });

  it("is unmatched when only a wildcard matched (Nest's not-found catch-all, static files)", () => {
    expect(routeTemplateOf(request({ url: '/api/v2/books' }), resolvingTo('/api*path'))).toBe(UNMATCHED_ROUTE);
    expect(routeTemplateOf(request({}), resolvingTo('/api{/*splat}'))).toBe(UNMATCHED_ROUTE);
    expect(routeTemplateOf(request({ url: '/docs/x.css' }), resolvingTo('/docs/*'))).toBe(UNMATCHED_ROUTE);
  });
});

describe('pathOf', () => {
  it('drops the query string and prefers originalUrl', () => {
    expect(pathOf(request({ url: '/x?q=1' }))).toBe('/x');
    expect(pathOf(request({ url: '/inner', originalUrl: '/api/v1/books?limit=2' }))).toBe('/api/v1/books');
    expect(pathOf(request({ url: undefined }))).toBe('/');
  });
});
