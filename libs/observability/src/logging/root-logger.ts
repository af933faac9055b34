import pino, { Logger, LoggerOptions } from 'pino';
import { activeTraceFields } from '../tracing/trace-fields';
import { LoggingOptions, REDACTED_PATHS } from './logging.options';

/** pino's options: ISO time, level as a word, redacted credentials, trace ids of the active span. */
export function rootLoggerOptions(options: LoggingOptions): LoggerOptions {
  const common: LoggerOptions = {
    level: options.level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    mixin: () => activeTraceFields(),
  };
  if (options.format === 'pretty') {
    // pino-pretty reads numeric levels; it runs in a worker thread, off the request path.
    return { ...common, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l' } } };
  }
  return { ...common, formatters: { level: (label) => ({ level: label }) } };
}

/**
 * The one pino logger of the process; the request logger and Nest's logger are its children.
 * JSON goes to stdout synchronously, pino's default: an asynchronous write goes through libuv's
 * thread pool, and on the one core a pod gets that hand-off cost 40 % more CPU per line than the
 * write itself (docs/performance.md), and a crash could lose what was still queued.
 */
export function createRootLogger(options: LoggingOptions, destination?: pino.DestinationStream): Logger {
  if (destination) return pino(rootLoggerOptions(options), destination);
  if (options.format === 'pretty') return pino(rootLoggerOptions(options));
  return pino(rootLoggerOptions(options), pino.destination({ dest: 1, sync: true }));
}
