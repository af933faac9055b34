import { Logger } from '@nestjs/common';
import { Database } from './database';
import { DatabaseConnector, retryDelayMs } from './database-connector';
import { DatabaseStartupError } from './errors/database-startup.error';
import type { DatabaseOptions } from './database.options';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A Database whose ping fails `failures` times before answering. */
function fakeDatabase(
  failures: number,
  { migrateError, applied = true }: { migrateError?: Error; applied?: boolean } = {},
) {
  let pings = 0;
  return {
    engine: 'postgres' as const,
    pings: () => pings,
    ping: jest.fn(async () => {
      pings++;
      if (pings <= failures) throw refused();
    }),
    migrate: jest.fn(async () => {
      if (migrateError) throw migrateError;
    }),
    migrationsApplied: jest.fn(async () => applied),
  };
}

const options = (overrides: Partial<DatabaseOptions> = {}): DatabaseOptions => ({
  dataDir: './data',
  poolSize: 1,
  queryTimeoutMs: 100,
  connectTimeoutMs: 10_000,
  migrateOnStart: true,
  ...overrides,
});

function connectorFor(database: ReturnType<typeof fakeDatabase>, opts: DatabaseOptions) {
  const connector = new DatabaseConnector(database as unknown as Database, opts);
  connector.onApplicationBootstrap();
  return connector;
}

describe('retryDelayMs', () => {
  it('doubles from 200 ms up to 5 s, between half and all of the step', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => retryDelayMs(n, () => 1))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
    expect([1, 2, 6].map((n) => retryDelayMs(n, () => 0))).toEqual([100, 200, 2500]);
  });
});

describe('DatabaseConnector', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('retries an unreachable database with backoff, then migrates and is ready', async () => {
    const database = fakeDatabase(2);
    const connector = connectorFor(database, options());
    expect(connector.isConnected).toBe(false);
    await connector.ready;
    expect(database.pings()).toBe(3);
    expect(database.migrate).toHaveBeenCalledTimes(1);
    expect(connector.isConnected).toBe(true);
    expect(await connector.migrationsApplied()).toBe(true);
  });

  it('gives up after connectTimeoutMs with a message naming DB_CONNECT_TIMEOUT_MS and the last error', async () => {
    const database = fakeDatabase(Number.MAX_SAFE_INTEGER);
    const started = Date.now();
    const connector = connectorFor(database, options({ connectTimeoutMs: 500 }));
    const error = await connector.ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStartupError);
    expect((error as Error).message).toMatch(/DB_CONNECT_TIMEOUT_MS=500.*ECONNREFUSED/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(database.pings()).toBeGreaterThan(1);
    expect(database.migrate).not.toHaveBeenCalled();
  });

  it('fails at once on an error that waiting cannot fix (a broken migration)', async () => {
    const broken = Object.assign(new Error('syntax error at or near "CREAT"'), { code: '42601', severity: 'ERROR' });
    const connector = connectorFor(fakeDatabase(0, { migrateError: broken }), options());
    const error = (await connector.ready.catch((e: unknown) => e)) as DatabaseStartupError;
    expect(error.message).toBe('Database start-up failed: syntax error at or near "CREAT" (42601)');
    expect(error.cause).toBe(broken);
  });

  it('without migrateOnStart, is ready once connected and asks the database whether migrations are applied', async () => {
    const database = fakeDatabase(0, { applied: false });
    const connector = connectorFor(database, options({ migrateOnStart: false }));
    await connector.ready;
    expect(database.migrate).not.toHaveBeenCalled();
    expect(await connector.migrationsApplied()).toBe(false);
    database.migrationsApplied.mockResolvedValue(true);
    expect(await connector.migrationsApplied()).toBe(true);
    // Latched: applied migrations do not go away.
    database.migrationsApplied.mockResolvedValue(false);
    expect(await connector.migrationsApplied()).toBe(true);
  });

  it('reports migrations as not applied while still connecting', async () => {
    const database = fakeDatabase(Number.MAX_SAFE_INTEGER);
    const connector = connectorFor(database, options({ migrateOnStart: false }));
    expect(await connector.migrationsApplied()).toBe(false);
    expect(database.migrationsApplied).not.toHaveBeenCalled();
    connector.onModuleDestroy();
  });

  it('stops retrying when the application shuts down, leaving `ready` unsettled', async () => {
    const database = fakeDatabase(Number.MAX_SAFE_INTEGER);
    const connector = connectorFor(database, options({ connectTimeoutMs: 60_000 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    connector.onModuleDestroy();
    const pingsAtStop = database.pings();
    const settled = await Promise.race([
      connector.ready.then(
        () => 'settled',
        () => 'settled',
      ),
      new Promise((r) => setTimeout(() => r('pending'), 600)),
    ]);
    expect(settled).toBe('pending');
    expect(database.pings()).toBe(pingsAtStop);
  });
});
