import { DatabaseConnector, DatabaseStartupError } from '@app/database';
import { INestApplication, Logger } from '@nestjs/common';
import { createServer } from 'node:http';
import type { ReadinessIndicator } from './readiness.indicator';
import { SHUTDOWN_SIGNALS, ServiceLifecycle } from './service-lifecycle';

function setup(ready: Promise<void>) {
  const readiness = { startShutdown: jest.fn() };
  const app = { getHttpServer: () => createServer(), close: jest.fn(async () => undefined) };
  const lifecycle = new ServiceLifecycle(readiness as unknown as ReadinessIndicator, { ready } as DatabaseConnector, {
    drainMs: 10,
    shutdownTimeoutMs: 100,
  });
  const exited = new Promise<number>((resolve) => lifecycle.manage(app as unknown as INestApplication, resolve));
  return { readiness, app, exited };
}

describe('ServiceLifecycle', () => {
  const before = new Map(SHUTDOWN_SIGNALS.map((s) => [s, process.listeners(s)]));
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => {
    // Only the listeners this test added.
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
      }
    }
  });

  it('runs the graceful shutdown on SIGTERM and exits 0', async () => {
    const { readiness, app, exited } = setup(new Promise(() => undefined));
    process.emit('SIGTERM');
    expect(readiness.startShutdown).toHaveBeenCalled();
    expect(await exited).toBe(0);
    expect(app.close).toHaveBeenCalledTimes(1);
  });

  it('closes the application and exits 1 when the database never came', async () => {
    const { app, exited } = setup(Promise.reject(new DatabaseStartupError('Database unreachable for 2000 ms', null)));
    expect(await exited).toBe(1);
    expect(app.close).toHaveBeenCalledTimes(1);
  });
});
