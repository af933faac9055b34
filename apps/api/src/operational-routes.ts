/**
 * The operational endpoints: probes, the scrape and the API docs. The one list the global-prefix exclusion,
 * the metrics, the request log, tracing and the rate limiter read, all through `operationalRouteOf`, so a
 * path is operational for all of them or for none.
 */
export interface OperationalRoute {
  /** Lower case, no trailing slash. */
  readonly path: string;
  /** Also every path below it (the Swagger UI's assets, /docs/openapi.json). */
  readonly subtree: boolean;
  /** A Nest controller's route kept at the root, outside /api/v1 (the Swagger UI mounts itself outside Nest's routes). */
  readonly unprefixed: boolean;
  /**
   * Polled every few seconds by machines: neither counted in the HTTP metrics, traced, nor logged at info
   * (only at debug). The docs are read by people, so they are counted, logged and traced like the API.
   */
  readonly quiet: boolean;
}

/** None of them is rate limited or needs a credential: a probe or a scrape must never be refused for volume. */
export const OPERATIONAL_ROUTES: readonly OperationalRoute[] = [
  { path: '/health', subtree: false, unprefixed: true, quiet: true },
  { path: '/ready', subtree: false, unprefixed: true, quiet: true },
  { path: '/metrics', subtree: false, unprefixed: true, quiet: true },
  { path: '/docs', subtree: true, unprefixed: false, quiet: false },
];

const EXACT = new Map(OPERATIONAL_ROUTES.map((route) => [route.path, route]));
const SUBTREES = OPERATIONAL_ROUTES.filter((route) => route.subtree);

/**
 * The operational route a request path (or URL: the query is ignored) belongs to. Matched as Express
 * routes the path: case-insensitively, one trailing slash ignored.
 */
export function operationalRouteOf(url: string): OperationalRoute | undefined {
  const query = url.indexOf('?');
  let path = (query === -1 ? url : url.slice(0, query)).toLowerCase();
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const exact = EXACT.get(path);
  if (exact) return exact;
  for (const route of SUBTREES) if (path.startsWith(`${route.path}/`)) return route;
  return undefined;
}

/** Probes and scrapes: not counted, not traced, logged at debug. */
export const isQuietPath = (url: string): boolean => operationalRouteOf(url)?.quiet === true;

/** Never rate limited. */
export const isUnlimitedPath = (url: string): boolean => operationalRouteOf(url) !== undefined;

/** The global prefix's exclusions, as Nest wants them (no leading slash). */
export const UNPREFIXED_PATHS: string[] = OPERATIONAL_ROUTES.filter((route) => route.unprefixed).map((route) =>
  route.path.slice(1),
);
