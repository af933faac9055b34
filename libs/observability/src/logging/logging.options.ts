import type { LevelWithSilent } from 'pino';

export type LogFormat = 'json' | 'pretty';

export interface LoggingOptions {
  /** `silent` writes nothing at all (the tests use it). */
  level: LevelWithSilent;
  /** `json`: one object per line on stdout; `pretty`: coloured lines for a developer's terminal. */
  format: LogFormat;
  /** Logged at debug instead of info (probes and scrapes); defaults to /health, /ready, /metrics. */
  quietPaths?: readonly string[];
}

/** Header values that never reach a log line, in whatever object they are logged. */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key', 'set-cookie'] as const;

/** Top-level `headers` and any object's `headers` (req, res, err.request …); values become "[Redacted]". */
export const REDACTED_PATHS: string[] = REDACTED_HEADERS.flatMap((header) => [
  `headers["${header}"]`,
  `*.headers["${header}"]`,
]);
