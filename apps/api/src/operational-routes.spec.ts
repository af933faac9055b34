import { isQuietPath, isUnlimitedPath, operationalRouteOf, UNPREFIXED_PATHS } from './operational-routes';

describe('the operational route table', () => {
  it.each(['/health', '/ready', '/metrics', '/metrics?x=1', '/METRICS', '/ready/'])('%s is a quiet probe', (url) => {
    expect(isQuietPath(url)).toBe(true);
    expect(isUnlimitedPath(url)).toBe(true);
  });

  it.each(['/docs', '/docs/', '/docs/openapi.json', '/DOCS/swagger-ui.css', '/docs?x=1'])(
    '%s is the docs: never limited, but counted and logged',
    (url) => {
      expect(operationalRouteOf(url)?.path).toBe('/docs');
      expect(isUnlimitedPath(url)).toBe(true);
      expect(isQuietPath(url)).toBe(false);
    },
  );

  it.each(['/', '/api/v1/books', '/healthz', '/metrics/extra', '/api/metrics', '/documents', '/api/health'])(
    '%s is an ordinary request',
    (url) => {
      expect(operationalRouteOf(url)).toBeUndefined();
      expect(isQuietPath(url)).toBe(false);
      expect(isUnlimitedPath(url)).toBe(false);
    },
  );

  it('keeps the controllers’ routes, not the Swagger UI, outside the global prefix', () => {
    expect(UNPREFIXED_PATHS).toEqual(['health', 'ready', 'metrics']);
  });
});
