import type { IncomingMessage } from 'node:http';

/** The label of requests that matched no route: unknown paths must not create new series or log values. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * How the app's HTTP framework (Express or Fastify: the composition root's choice) names the route a
 * request matched: its template (`/api/v1/books/:id`), or undefined when none did.
 */
export type RouteTemplateResolver = (req: IncomingMessage) => string | undefined;

/**
 * The template of the route the request matched, never the raw path; `unmatched` when no route matched
 * (unknown paths, the not-found fallback, errors raised before routing) or only a wildcard did: Nest
 * answers unknown paths under /api from a catch-all route (`/api*path`), static files from `/docs/*`.
 */
export function routeTemplateOf(req: IncomingMessage, resolve: RouteTemplateResolver | undefined): string {
  const template = resolve?.(req);
  if (template === undefined || template.includes('*')) return UNMATCHED_ROUTE;
  return template || '/';
}

/** The path without query string, as the log shows it. */
export function pathOf(req: IncomingMessage): string {
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
