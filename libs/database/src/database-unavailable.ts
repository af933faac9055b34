import { DrizzleQueryError } from 'drizzle-orm';
import { DatabaseUnavailableError } from './errors/database-unavailable.error';

/**
 * SQLSTATEs of a server that cannot serve now, rather than of a bad request: class 08 (connection
 * exception) is matched as a class; these are the others.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is stopping (or the connection was terminated)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '57014', // query_canceled: statement_timeout hit
  '53300', // too_many_connections
  '25006', // read_only_sql_transaction: connected to a standby during a failover
]);

/** Errors of the socket under the driver (Node's system error codes). */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOENT', // the embedded server's Unix socket is gone: it is stopped or restarting
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface DriverError {
  code?: unknown;
  severity?: unknown;
  cause?: unknown;
}

/** An answer of the server: PostgreSQL errors carry a severity and a five-character SQLSTATE. */
function isServerError(e: DriverError): e is DriverError & { code: string } {
  return typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
}

/**
 * True when `error` means the database could not be reached or did not answer in time, so the
 * request may succeed when retried; false for errors of the request itself (constraint, syntax, …).
 * Decided by type and code: server errors by SQLSTATE, socket errors by errno code, and what the
 * driver raises for a query with no server answer at all (`pg` reports lost connections and its own
 * timeouts as plain `Error`s without a code).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let fromDriver = false;
  for (let e = error as DriverError | undefined; e && typeof e === 'object'; e = e.cause as DriverError | undefined) {
    if (e instanceof DatabaseUnavailableError) return true;
    if (isServerError(e)) return e.code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(e.code);
    if (typeof e.code === 'string' && NETWORK_ERROR_CODES.has(e.code)) return true;
    if (fromDriver && Object.getPrototypeOf(e) === Error.prototype && e.code === undefined) return true;
    // drizzle wraps what the driver threw for a query: the cause is the driver's own error.
    fromDriver = e instanceof DrizzleQueryError;
  }
  return false;
}

/** `error` as a DatabaseUnavailableError when it is one by `isDatabaseUnavailable`, else unchanged. */
export function asDatabaseUnavailable(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError || !isDatabaseUnavailable(error)) return error;
  return new DatabaseUnavailableError(error);
}

/** One line for logs: the innermost cause, which names what failed (e.g. `connect ECONNREFUSED …`). */
export function describeDatabaseError(error: unknown): string {
  let e = error as (DriverError & { message?: unknown }) | undefined;
  while (e?.cause && typeof e.cause === 'object') e = e.cause as DriverError & { message?: unknown };
  // Node reports a refused connection to every address of a host name as one AggregateError.
  if (e instanceof AggregateError && e.errors.length > 0) return e.errors.map(describeDatabaseError).join('; ');
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : (code ?? String(error));
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}
