import { DatabaseConnector } from '@app/database';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../apps/api/src/app.factory';
import { parseEnv } from '../../apps/api/src/config/env.schema';

/**
 * The real application, in process, on the given environment (quiet logs, in-memory PGlite by
 * default), once its database is connected and migrated: createApp itself does not wait for that.
 */
export async function createTestApp(env: Record<string, string | undefined> = {}): Promise<NestExpressApplication> {
  const app = await createApp(parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'memory://', ...env }));
  await app.get(DatabaseConnector).ready;
  return app;
}
