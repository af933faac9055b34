import type { LoggerService } from '@nestjs/common';
import type { DrainableServer } from './http-server-drain';

export interface ShutdownSteps {
  server: DrainableServer;
  /** Makes readiness fail (503) at once. */
  failReadiness(): void;
  /** Closes the application: database pool, log and trace flushing (Nest's shutdown hooks). */
  closeApplication(): Promise<void>;
  exit(code: number): void;
  logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  drainMs: number;
  timeoutMs: number;
}

/**
 * Graceful shutdown in a fixed order, each step logged:
 * 1. readiness fails at once; 2. keep serving for `drainMs` while load balancers stop routing here
 * (every response now closes its connection); 3. stop accepting, let in-flight requests finish
 * (at most `timeoutMs`); 4. close the application (database, logs, traces) and exit 0.
 * A second signal is logged and changes nothing: the sequence is already bounded.
 */
export class ShutdownSequencer {
  private running: Promise<void> | undefined;

  constructor(private readonly steps: ShutdownSteps) {}

  get started(): boolean {
    return this.running !== undefined;
  }

  /** Runs the sequence once; later calls log the signal and return the same run. */
  shutDown(signal: string): Promise<void> {
    if (this.running) {
      this.steps.logger.warn(`${signal} received while shutting down: already shutting down, carrying on`);
      return this.running;
    }
    this.running = this.run(signal);
    return this.running;
  }

  private async run(signal: string): Promise<void> {
    const { server, logger, drainMs, timeoutMs } = this.steps;
    let exitCode = 0;
    try {
      this.steps.failReadiness();
      server.closeConnectionsAfterResponses();
      logger.log(`Shutdown 1/4: ${signal} received; readiness now answers 503`);

      logger.log(`Shutdown 2/4: draining for ${drainMs} ms while load balancers stop sending requests`);
      await new Promise((resolve) => setTimeout(resolve, drainMs));

      logger.log(
        `Shutdown 3/4: closing the listener; waiting for ${server.inFlight} request(s) in flight, at most ${timeoutMs} ms`,
      );
      if (!(await server.close(timeoutMs))) {
        logger.warn(
          `Requests still running after ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS): their connections were closed`,
        );
      }

      logger.log('Shutdown 4/4: closing database connections, flushing logs and traces');
      await this.steps.closeApplication();
      logger.log('Shutdown complete');
    } catch (error) {
      exitCode = 1;
      logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.steps.exit(exitCode);
  }
}
