import { DrizzleQueryError } from 'drizzle-orm';
import { lastValueFrom, throwError } from 'rxjs';
import { DatabaseErrorsInterceptor } from './database-errors.interceptor';
import { DatabaseUnavailableError } from './errors/database-unavailable.error';

const fromDriver = (cause: unknown) => new DrizzleQueryError('select 1', [], cause as Error);

describe('DatabaseErrorsInterceptor', () => {
  const interceptor = new DatabaseErrorsInterceptor();
  const run = (error: unknown) =>
    lastValueFrom(interceptor.intercept({} as never, { handle: () => throwError(() => error) })).catch(
      (e: unknown) => e,
    );

  it('answers a lost database as DatabaseUnavailableError', async () => {
    expect(await run(fromDriver(new Error('Connection terminated unexpectedly')))).toBeInstanceOf(
      DatabaseUnavailableError,
    );
  });

  it('passes every other error through unchanged', async () => {
    const error = new Error('bug');
    expect(await run(error)).toBe(error);
  });
});
