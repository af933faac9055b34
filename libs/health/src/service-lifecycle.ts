import { DatabaseConnector } from '@app/database';
import { Inject, Injectable, INestApplication, Logger } from '@nestjs/common';
import { HEALTH_OPTIONS, HealthOptions } from './health.options';
import { HttpServerDrain } from './http-server-drain';
import { ReadinessIndicator } from './readiness.indicator';
import { ShutdownSequencer } from './shutdown-sequencer';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** How the process comes and goes: graceful shutdown on signals, and a clear exit when the database never comes. */
@Injectable()
export class ServiceLifecycle {
  private readonly logger = new Logger('Lifecycle');

  constructor(
    private readonly readiness: ReadinessIndicator,
    private readonly connector: DatabaseConnector,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /**
   * Takes charge of `app` (built, possibly not listening yet): SIGTERM/SIGINT run the graceful
   * shutdown and exit 0; a database unreachable past its start-up deadline ends the process with 1.
   */
  manage(app: INestApplication, exit: (code: number) => void = (code) => process.exit(code)): ShutdownSequencer {
    const sequencer = new ShutdownSequencer({
      server: new HttpServerDrain(app.getHttpServer()),
      failReadiness: () => this.readiness.startShutdown(),
      closeApplication: () => app.close(),
      exit,
      logger: this.logger,
      drainMs: this.options.drainMs,
      timeoutMs: this.options.shutdownTimeoutMs,
    });
    for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => void sequencer.shutDown(signal));

    this.connector.ready.catch(async (error: Error) => {
      if (sequencer.started) return;
      this.logger.fatal(`Cannot start: ${error.message}`);
      await app.close().catch(() => undefined);
      exit(1);
    });
    return sequencer;
  }
}
