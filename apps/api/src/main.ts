import './tracing'; // first: see tracing.ts
import { ServiceLifecycle } from '@app/health';
import { createApp } from './app.factory';
import { parseEnvOrExit } from './config/env.schema';
import { InvalidConfigError } from './errors/invalid-config.error';

async function bootstrap(): Promise<void> {
  // Nothing starts on a bad configuration: one line naming the variable, exit 1.
  const config = parseEnvOrExit(process.env);
  // Built without waiting for the database: the service listens at once, /ready says when it can serve.
  const app = await createApp(config);
  // SIGTERM/SIGINT: graceful shutdown (exit 0); database unreachable past DB_CONNECT_TIMEOUT_MS: exit 1.
  app.get(ServiceLifecycle).manage(app);
  await app.listen(config.PORT, config.HOST);
}

bootstrap().catch((error: unknown) => {
  // Configuration only checkable at start-up (API_KEYS_FILE is read then) fails the same way: one line, exit 1.
  if (!(error instanceof InvalidConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
