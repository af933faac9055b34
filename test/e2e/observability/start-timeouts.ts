/**
 * A production-build process starts in seconds alone, but a cold PGlite (WASM) start, the
 * OpenTelemetry SDK and a busy 2-core machine can stretch that to minutes: generous bounds.
 */
export const START_TIMEOUT_MS = 240_000;

/** For a hook or test that starts one server and then works with it. */
export const START_HOOK_TIMEOUT_MS = START_TIMEOUT_MS + 60_000;
