import type { IncomingMessage } from 'node:http';

/** The label of requests that matched no route: unknown paths must not create new series or log values. */
export const UNMATCHED_ROUTE = 'unmatched';

type RoutedRequest = IncomingMessage & { baseUrl?: string; route?: { path?: unknown } };

/**
 * The template of the route Express matched (`/api/v1/books/:id`), never the raw path; `unmatched`
 * when no route matched (unknown paths, the root not-found fallback, errors raised before routing)
 * or only a wildcard did: Nest answers unknown paths under /api from a catch-all route (`/api*path`).
 */
export function routeTemplateOf(req: IncomingMessage): string {
  const { baseUrl, route } = req as RoutedRequest;
  if (typeof route?.path !== 'string' || route.path.includes('*')) return UNMATCHED_ROUTE;
  return `${baseUrl ?? ''}${route.path}` || '/';
}

/** The path without query string, as the log shows it. */
export function pathOf(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
