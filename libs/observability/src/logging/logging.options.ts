import type { LevelWithSilent } from 'pino';

export type LogFormat = 'json' | 'pretty';

export interface LoggingOptions {
  /** `silent` writes nothing at all (the tests use it). */
  level: LevelWithSilent;
  /** `json`: one object per line on stdout; `pretty`: coloured lines for a developer's terminal. */
  format: LogFormat;
  /** Paths logged at debug instead of info (probes and scrapes); the app's route table decides. */
  isQuiet?: (path: string) => boolean;
}

/** Header values that never reach a log line, in whatever object they are logged. */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key', 'set-cookie'] as const;

/** Objects that carry HTTP headers when logged (a request, a response, an HTTP client's error). */
const HEADER_HOLDERS = ['', 'req.', 'res.', 'request.', 'response.', 'err.config.', 'err.request.', 'err.response.'];

/**
 * Where those headers' values become "[Redacted]". Explicit paths, no wildcard: pino checks them on
 * every line, and a leading wildcard cost 3 % of the CPU of a request (docs/performance.md).
 */
export const REDACTED_PATHS: string[] = HEADER_HOLDERS.flatMap((holder) =>
  REDACTED_HEADERS.map((header) => `${holder}headers["${header}"]`),
);
