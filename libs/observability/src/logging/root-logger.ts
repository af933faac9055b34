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
 * JSON goes to stdout asynchronously (lines written while a write is in flight are batched into the
 * next one), and what is buffered is flushed when the process exits.
 */
export function createRootLogger(options: LoggingOptions, destination?: pino.DestinationStream): Logger {
  if (destination) return pino(rootLoggerOptions(options), destination);
  if (options.format === 'pretty') return pino(rootLoggerOptions(options));
  return pino(rootLoggerOptions(options), pino.destination({ dest: 1, sync: false }));
}
