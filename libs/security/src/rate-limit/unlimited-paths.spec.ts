import { isUnlimitedPath } from './unlimited-paths';

describe('isUnlimitedPath', () => {
  it.each(['/health', '/ready', '/metrics', '/docs', '/docs/', '/docs/openapi.json', '/HEALTH'])(
    '%p is never limited',
    (path) => {
      expect(isUnlimitedPath(path)).toBe(true);
    },
  );

  it.each(['/api/v1/books', '/healthz', '/documents', '/api/health'])('%p is limited', (path) => {
    expect(isUnlimitedPath(path)).toBe(false);
  });
});
