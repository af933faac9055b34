import { NotFoundException } from '@nestjs/common';
import { MethodNotAllowedError } from '../errors/method-not-allowed.error';

/** A route as the HTTP framework registered it: a path template (`/api/v1/books/:id`) and its methods. */
export interface RegisteredRoute {
  path: string;
  methods: readonly string[];
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A path template as the router matches it: case-insensitive, one trailing slash ignored, `:param` one segment. */
function templatePattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  // eslint-disable-next-line security/detect-non-literal-regexp -- built once at start-up from the app's own routes
  return new RegExp(`^${source}/?$`, 'i');
}

/**
 * The app's paths and the methods each answers, learnt once the routes are registered; it tells a
 * path no route has (404) from a path without this method (405 with Allow). Consulted only for
 * requests no route matched, so it costs nothing on the others.
 */
export class KnownRoutes {
  private routes: { pattern: RegExp; methods: Set<string> }[] = [];

  learn(registered: readonly RegisteredRoute[]): void {
    const byPath = new Map<string, Set<string>>();
    for (const { path, methods } of registered) {
      const set = byPath.get(path) ?? new Set<string>();
      for (const method of methods) set.add(method.toUpperCase());
      // A GET route answers HEAD too.
      if (set.has('GET')) set.add('HEAD');
      byPath.set(path, set);
    }
    this.routes = [...byPath].map(([path, methods]) => ({ pattern: templatePattern(path), methods }));
  }

  /** The methods `path` answers, in a stable order; undefined when no route has the path. */
  allowedMethods(path: string): string[] | undefined {
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) route.methods.forEach((m) => methods.add(m));
    if (methods.size === 0) return undefined;
    return [...methods].sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
  }

  /** What a request no route matched gets: 405 when the path exists with other methods, else 404. */
  unmatched(method: string, path: string): MethodNotAllowedError | NotFoundException {
    const allowed = this.allowedMethods(path);
    if (allowed && !allowed.includes(method.toUpperCase())) return new MethodNotAllowedError(method, allowed);
    return new NotFoundException(`Cannot ${method} ${path}`);
  }
}
