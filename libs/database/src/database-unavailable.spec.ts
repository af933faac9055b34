import { DrizzleQueryError } from 'drizzle-orm';
import { Pool } from 'pg';
import { createServer } from 'node:net';
import { TEST_DATABASE_URL, describePostgres } from '../../../test/support/test-database';
import { asDatabaseUnavailable, describeDatabaseError, isDatabaseUnavailable } from './database-unavailable';
import { DatabaseUnavailableError } from './errors/database-unavailable.error';

const serverError = (code: string) => Object.assign(new Error(`server says ${code}`), { code, severity: 'ERROR' });
const systemError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, syscall: 'connect' });
const fromDriver = (cause: unknown) => new DrizzleQueryError('select 1', [], cause as Error);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('isDatabaseUnavailable', () => {
  it.each(['08006', '08001', '08003', '57P01', '57P02', '57P03', '57014', '53300', '25006'])(
    'is true for the server error %s, bare or wrapped by drizzle',
    (code) => {
      expect(isDatabaseUnavailable(serverError(code))).toBe(true);
      expect(isDatabaseUnavailable(fromDriver(serverError(code)))).toBe(true);
    },
  );

  it.each(['23505', '23502', '42P01', '42601', '22P02', '40001'])('is false for the request error %s', (code) => {
    expect(isDatabaseUnavailable(fromDriver(serverError(code)))).toBe(false);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ENOENT'])(
    'is true for the socket error %s',
    (code) => expect(isDatabaseUnavailable(fromDriver(systemError(code)))).toBe(true),
  );

  it("is true for the driver's own code-less errors under a query (lost connection, read timeout)", () => {
    expect(isDatabaseUnavailable(fromDriver(new Error('Connection terminated unexpectedly')))).toBe(true);
    expect(isDatabaseUnavailable(fromDriver(new Error('Query read timeout')))).toBe(true);
  });

  it('is false for code-less errors that did not come from the driver, and for programming errors', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isDatabaseUnavailable(fromDriver(new TypeError('Do not know how to serialize a BigInt')))).toBe(false);
    expect(isDatabaseUnavailable('a string')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('is true for a DatabaseUnavailableError anywhere in the cause chain', () => {
    expect(isDatabaseUnavailable(new DatabaseUnavailableError())).toBe(true);
    expect(isDatabaseUnavailable(new Error('outer', { cause: new DatabaseUnavailableError() }))).toBe(true);
  });

  it('recognises what pg really reports for a refused connection', async () => {
    const pool = new Pool({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/x`, max: 1 });
    try {
      const error = await pool.query('SELECT 1').catch((e: unknown) => e);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(describeDatabaseError(error)).toMatch(/ECONNREFUSED/);
    } finally {
      await pool.end();
    }
  });
});

describePostgres('isDatabaseUnavailable on a real PostgreSQL', () => {
  let pool: Pool;
  beforeAll(() => (pool = new Pool({ connectionString: TEST_DATABASE_URL, max: 2 })));
  afterAll(() => pool.end());

  it('is true for a statement_timeout and a client query_timeout', async () => {
    const client = await pool.connect();
    try {
      await client.query('SET statement_timeout = 50');
      expect(isDatabaseUnavailable(await client.query('SELECT pg_sleep(1)').catch((e: unknown) => e))).toBe(true);
    } finally {
      client.release(true);
    }
    const timedOut = await pool
      .query({ text: 'SELECT pg_sleep(1)', query_timeout: 50 } as import('pg').QueryConfig)
      .catch((e: unknown) => e);
    expect(isDatabaseUnavailable(fromDriver(timedOut))).toBe(true);
  });

  it('is false for a syntax error', async () => {
    expect(isDatabaseUnavailable(await pool.query('SELEC 1').catch((e: unknown) => e))).toBe(false);
  });
});

describe('asDatabaseUnavailable', () => {
  it('wraps an unavailability in a DatabaseUnavailableError (retry in 5 s) keeping the cause', () => {
    const cause = fromDriver(systemError('ECONNREFUSED'));
    const mapped = asDatabaseUnavailable(cause) as DatabaseUnavailableError;
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect(mapped.code).toBe('DATABASE_UNAVAILABLE');
    expect(mapped.retryAfterSeconds).toBe(5);
    expect(mapped.cause).toBe(cause);
  });

  it('leaves other errors and existing DatabaseUnavailableErrors as they are', () => {
    const duplicate = fromDriver(serverError('23505'));
    expect(asDatabaseUnavailable(duplicate)).toBe(duplicate);
    const unavailable = new DatabaseUnavailableError();
    expect(asDatabaseUnavailable(unavailable)).toBe(unavailable);
  });
});

describe('describeDatabaseError', () => {
  it('names the innermost cause with its code', () => {
    expect(describeDatabaseError(fromDriver(Object.assign(new Error('boom'), { code: '57P01' })))).toBe('boom (57P01)');
    expect(describeDatabaseError(fromDriver(systemError('ECONNREFUSED')))).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });

  it('lists every address of an AggregateError', () => {
    const error = Object.assign(new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')], ''), {
      code: 'ECONNREFUSED',
    });
    expect(describeDatabaseError(error)).toBe('connect ECONNREFUSED 127.0.0.1:1; connect ECONNREFUSED 127.0.0.1:1');
  });

  it('falls back to the code or the value', () => {
    expect(describeDatabaseError(Object.assign(new Error(''), { code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
    expect(describeDatabaseError('text')).toBe('text');
  });
});
