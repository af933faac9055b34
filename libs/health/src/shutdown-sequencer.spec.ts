import type { DrainableServer } from './http-server-drain';
import { ShutdownSequencer, ShutdownSteps } from './shutdown-sequencer';

/** Records every step, in order, into one journal. */
function setup({ drains = true, closeFails = false } = {}) {
  const journal: string[] = [];
  let finishClose!: (drained: boolean) => void;
  const server: DrainableServer = {
    inFlight: 3,
    closeConnectionsAfterResponses: () => journal.push('connection: close'),
    close: (timeoutMs) => {
      journal.push(`server.close(${timeoutMs})`);
      return new Promise((resolve) => (finishClose = resolve));
    },
  };
  const steps: ShutdownSteps = {
    server,
    failReadiness: () => journal.push('readiness 503'),
    closeApplication: async () => {
      journal.push('app.close');
      if (closeFails) throw new Error('pool.end failed');
    },
    exit: (code) => journal.push(`exit ${code}`),
    logger: {
      log: (message: string) => journal.push(`log: ${message}`),
      warn: (message: string) => journal.push(`warn: ${message}`),
      error: (message: string) => journal.push(`error: ${message}`),
    },
    drainMs: 1_500,
    timeoutMs: 10_000,
  };
  return { journal, sequencer: new ShutdownSequencer(steps), finishClose: () => finishClose(drains) };
}

describe('ShutdownSequencer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fails readiness at once, drains, closes the server, then the application, and exits 0', async () => {
    const { journal, sequencer, finishClose } = setup();
    const done = sequencer.shutDown('SIGTERM');
    expect(journal).toEqual([
      'readiness 503',
      'connection: close',
      'log: Shutdown 1/4: SIGTERM received; readiness now answers 503',
      'log: Shutdown 2/4: draining for 1500 ms while load balancers stop sending requests',
    ]);

    await jest.advanceTimersByTimeAsync(1_499);
    expect(journal).not.toContain('server.close(10000)'); // still serving during the drain

    await jest.advanceTimersByTimeAsync(1);
    expect(journal.slice(4)).toEqual([
      'log: Shutdown 3/4: closing the listener; waiting for 3 request(s) in flight, at most 10000 ms',
      'server.close(10000)',
    ]);
    expect(journal).not.toContain('app.close'); // in-flight requests first

    finishClose();
    await done;
    expect(journal.slice(6)).toEqual([
      'log: Shutdown 4/4: closing database connections, flushing logs and traces',
      'app.close',
      'log: Shutdown complete',
      'exit 0',
    ]);
  });

  it('logs a second signal and carries on with the one sequence', async () => {
    const { journal, sequencer, finishClose } = setup();
    const first = sequencer.shutDown('SIGTERM');
    const second = sequencer.shutDown('SIGINT');
    expect(second).toBe(first);
    expect(journal).toContain('warn: SIGINT received while shutting down: already shutting down, carrying on');
    await jest.advanceTimersByTimeAsync(1_500);
    finishClose();
    await first;
    expect(journal.filter((line) => line === 'readiness 503')).toHaveLength(1);
    expect(journal.filter((line) => line.startsWith('exit'))).toEqual(['exit 0']);
  });

  it('warns when requests outlive the timeout, and still closes and exits 0', async () => {
    const { journal, sequencer, finishClose } = setup({ drains: false });
    const done = sequencer.shutDown('SIGTERM');
    await jest.advanceTimersByTimeAsync(1_500);
    finishClose();
    await done;
    expect(journal).toContain(
      'warn: Requests still running after 10000 ms (SHUTDOWN_TIMEOUT_MS): their connections were closed',
    );
    expect(journal.at(-1)).toBe('exit 0');
  });

  it('exits 1 when closing the application fails', async () => {
    const { journal, sequencer, finishClose } = setup({ closeFails: true });
    const done = sequencer.shutDown('SIGTERM');
    await jest.advanceTimersByTimeAsync(1_500);
    finishClose();
    await done;
    expect(journal.slice(-2)).toEqual(['error: Shutdown failed: pool.end failed', 'exit 1']);
    expect(sequencer.started).toBe(true);
  });
});
