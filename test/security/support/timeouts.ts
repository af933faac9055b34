/** A cold in-process app (fresh PGlite) can take tens of seconds on a busy 2-core machine. */
export const APP_START_TIMEOUT_MS = 180_000;
