import { NotFoundException } from '@nestjs/common';
import { MethodNotAllowedError } from '../errors/method-not-allowed.error';
import { KnownRoutes } from './known-routes';

function routes() {
  const known = new KnownRoutes();
  known.learn([
    { path: '/api/v1/books', methods: ['get'] },
    { path: '/api/v1/books', methods: ['post'] },
    { path: '/api/v1/books/:id', methods: ['get', 'put', 'patch', 'delete'] },
    { path: '/health', methods: ['get'] },
    { path: '/docs/openapi.json', methods: ['get'] },
  ]);
  return known;
}

describe('KnownRoutes', () => {
  it('lists the methods of a path, HEAD with GET, in a stable order', () => {
    expect(routes().allowedMethods('/api/v1/books')).toEqual(['GET', 'HEAD', 'POST']);
    expect(routes().allowedMethods('/api/v1/books/42')).toEqual(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);
    expect(routes().allowedMethods('/API/v1/books/')).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('knows no path beyond the templates: segments and literal dots are matched exactly', () => {
    expect(routes().allowedMethods('/api/v1/books/42/extra')).toBeUndefined();
    expect(routes().allowedMethods('/docs/openapiXjson')).toBeUndefined();
    expect(routes().allowedMethods('/nope')).toBeUndefined();
  });

  it('answers an unsupported method on a known path with 405 and Allow', () => {
    const error = routes().unmatched('DELETE', '/api/v1/books');
    expect(error).toBeInstanceOf(MethodNotAllowedError);
    expect((error as MethodNotAllowedError).code).toBe('METHOD_NOT_ALLOWED');
    expect((error as MethodNotAllowedError).headers).toEqual({ Allow: 'GET, HEAD, POST' });
  });

  it('answers an unknown path, or a method the path has, with 404', () => {
    expect(routes().unmatched('GET', '/nope')).toBeInstanceOf(NotFoundException);
    expect(routes().unmatched('GET', '/api/v2/books')).toBeInstanceOf(NotFoundException);
    expect((routes().unmatched('POST', '/nope') as NotFoundException).message).toBe('Cannot POST /nope');
  });
});
