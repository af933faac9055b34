/** How long a suite waits for the app to start: seconds alone, minutes for a cold PGlite + OpenTelemetry start on a busy 2-core CI runner. */
export const APP_START_TIMEOUT_MS = 240_000;

/** Jest's timeout for a hook or test that starts the app (in process or as a process) and then works with it. */
export const APP_START_HOOK_TIMEOUT_MS = APP_START_TIMEOUT_MS + 60_000;
