import type { Bindings, Level, Logger } from 'pino';

type LogCall = (...args: unknown[]) => void;

/**
 * A request's logger (`req.log`, the one nestjs-pino binds to the request's context): the pino child
 * carrying its bindings is made on the first line logged at an enabled level, so the many requests
 * whose code logs nothing allocate none.
 */
export class LazyRequestLogger {
  private made?: Logger;

  constructor(
    private readonly root: Logger,
    private readonly bindings: Bindings,
  ) {}

  trace(...args: unknown[]): void {
    this.write('trace', args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', args);
  }
  info(...args: unknown[]): void {
    this.write('info', args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', args);
  }
  error(...args: unknown[]): void {
    this.write('error', args);
  }
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }

  isLevelEnabled(level: string): boolean {
    return this.root.isLevelEnabled(level);
  }

  /** nestjs-pino's `assign` derives from the request's logger. */
  child(bindings: Bindings): Logger {
    return this.logger().child(bindings);
  }

  private write(level: Level, args: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const logger = this.logger();
    (logger[level] as LogCall).apply(logger, args);
  }

  private logger(): Logger {
    return (this.made ??= this.root.child(this.bindings));
  }
}
