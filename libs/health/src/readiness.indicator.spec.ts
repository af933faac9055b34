import type { Database, DatabaseConnector, DatabaseOptions } from '@app/database';
import { Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { register } from 'prom-client';
import { HEALTH_STATUS_METRIC, HealthStatusMetric } from './health-status.metric';
import { PING_CACHE_MS, PING_WAIT_MS, ReadinessIndicator } from './readiness.indicator';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

function setup({ queryTimeoutMs = 5_000, ready = Promise.resolve() } = {}) {
  const database = { ping: jest.fn(async (_timeoutMs: number) => undefined) };
  const connector = { isConnected: true, migrationsApplied: jest.fn(async () => true), ready };
  const metric = new HealthStatusMetric(register);
  const readiness = new ReadinessIndicator(
    database as unknown as Database,
    connector as unknown as DatabaseConnector,
    new HealthIndicatorService(),
    metric,
    { queryTimeoutMs } as DatabaseOptions,
  );
  readiness.onModuleInit();
  const check = async () => {
    const results = await Promise.all(readiness.indicatorsForReadiness().map((indicator) => indicator()));
    return Object.assign({}, ...results) as Record<string, { status: string; message?: string }>;
  };
  return { database, connector, metric, readiness, check };
}

async function gauge(): Promise<Record<string, number>> {
  const metric = await register.getSingleMetric(HEALTH_STATUS_METRIC)!.get();
  return Object.fromEntries(metric.values.map((v) => [v.labels.check as string, v.value]));
}

describe('ReadinessIndicator', () => {
  let current: ReturnType<typeof setup> | undefined;
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => {
    current?.metric.onModuleDestroy();
    jest.useRealTimers();
  });
  const make = (opts?: Parameters<typeof setup>[0]) => (current = setup(opts));

  it('is up on all three checks when the database answers and migrations are applied', async () => {
    const { check, database } = make();
    expect(await check()).toEqual({
      shutdown: { status: 'up' },
      database: { status: 'up' },
      migrations: { status: 'up' },
    });
    expect(await gauge()).toEqual({ shutdown: 1, database: 1, migrations: 1 });
    expect(database.ping).toHaveBeenCalledWith(2_000); // capped below the 5 s query timeout
  });

  it('names the failing check and the reason when the database does not answer', async () => {
    const { check, database } = make();
    database.ping.mockRejectedValue(refused());
    expect((await check()).database).toEqual({ status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
    expect(await gauge()).toMatchObject({ database: 0 });
  });

  it('reports pending migrations, and a database not connected yet', async () => {
    const { check, connector } = make();
    connector.migrationsApplied.mockResolvedValue(false);
    expect((await check()).migrations).toEqual({ status: 'down', message: 'migrations pending' });
    jest.useFakeTimers({ now: Date.now() + PING_CACHE_MS });
    connector.isConnected = false;
    const pending = check();
    await jest.advanceTimersByTimeAsync(PING_WAIT_MS);
    expect((await pending).migrations).toEqual({ status: 'down', message: 'database not connected yet' });
  });

  it('checks again as soon as the connector is ready, not PING_CACHE_MS after a probe that found it down', async () => {
    let connected!: () => void;
    const { check, connector, database } = make({ ready: new Promise<void>((resolve) => (connected = resolve)) });
    jest.useFakeTimers();
    connector.isConnected = false;
    connector.migrationsApplied.mockResolvedValue(false);
    expect((await check()).migrations).toEqual({ status: 'down', message: 'database not connected yet' });
    connector.isConnected = true;
    connector.migrationsApplied.mockResolvedValue(true);
    connected();
    await jest.advanceTimersByTimeAsync(1); // far less than PING_CACHE_MS
    expect(database.ping).toHaveBeenCalledTimes(2);
    expect(await check()).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
  });

  it('fails the shutdown check at once after startShutdown()', async () => {
    const { check, readiness } = make();
    await check();
    readiness.startShutdown();
    expect((await check()).shutdown).toEqual({ status: 'down', message: 'the process is shutting down' });
    expect(await gauge()).toMatchObject({ shutdown: 0 });
  });

  it('pings at most once per PING_CACHE_MS however often it is asked', async () => {
    jest.useFakeTimers();
    const { check, database } = make();
    await check();
    await check();
    await check();
    expect(database.ping).toHaveBeenCalledTimes(1);
    jest.setSystemTime(Date.now() + PING_CACHE_MS);
    await check();
    expect(database.ping).toHaveBeenCalledTimes(2);
  });

  it('answers within PING_WAIT_MS from the previous result when the database hangs', async () => {
    jest.useFakeTimers();
    const { check, database } = make();
    await check(); // up
    jest.setSystemTime(Date.now() + PING_CACHE_MS);
    let answer!: () => void;
    database.ping.mockImplementation(() => new Promise<undefined>((resolve) => (answer = () => resolve(undefined))));
    const pending = check();
    await jest.advanceTimersByTimeAsync(PING_WAIT_MS);
    expect((await pending).database).toEqual({ status: 'up' }); // previous answer, not a hang
    answer();
    await jest.advanceTimersByTimeAsync(0);
  });

  it('has no answer yet before its first ping completes: down, "not checked yet"', async () => {
    jest.useFakeTimers();
    const { check, database } = make();
    database.ping.mockImplementation(() => new Promise<undefined>(() => undefined));
    const pending = check();
    await jest.advanceTimersByTimeAsync(PING_WAIT_MS);
    expect((await pending).database).toEqual({ status: 'down', message: 'not checked yet' });
  });

  it('refreshes the checks when the gauge is scraped', async () => {
    const { database } = make();
    database.ping.mockRejectedValue(refused());
    expect(await gauge()).toEqual({ shutdown: 1, database: 0, migrations: 1 });
    expect(database.ping).toHaveBeenCalledTimes(1);
  });
});
