import { DatabaseConnector } from '@app/database';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app.factory';
import { parseEnv } from '../../apps/api/src/config/env.schema';

/**
 * Suites that do not test rate limiting must never meet it; API_KEYS stays unset (test: writes are open).
 * A suite that tests limits or keys sets them in `env`.
 */
export const UNLIMITED_RATES = { RATE_LIMIT_READ_PER_MINUTE: '1000000', RATE_LIMIT_WRITE_PER_MINUTE: '1000000' };

/**
 * The real application, in process, on the given environment (quiet logs, in-memory PGlite by
 * default), once its database is connected and migrated: createApp itself does not wait for that.
 */
/** The HTTP adapter the suites run the app on: HTTP_ADAPTER of the test run (`npm run test:fastify`), else the default. */
export const TEST_HTTP_ADAPTER = { HTTP_ADAPTER: process.env.HTTP_ADAPTER };

export async function createTestApp(env: Record<string, string | undefined> = {}): Promise<INestApplication> {
  const app = await createApp(
    parseEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: 'memory://',
      ...TEST_HTTP_ADAPTER,
      ...UNLIMITED_RATES,
      ...env,
    }),
  );
  await app.get(DatabaseConnector).ready;
  return app;
}
