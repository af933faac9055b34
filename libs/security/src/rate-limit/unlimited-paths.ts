/** Probes, scrapes and the API docs: never rate limited (nor do they need a key). */
export const UNLIMITED_PATH_PREFIXES: readonly string[] = ['/health', '/ready', '/metrics', '/docs'];

/** Express matches paths case-insensitively, so this does too. */
export function isUnlimitedPath(path: string): boolean {
  const lower = path.toLowerCase();
  return UNLIMITED_PATH_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`));
}
