import './tracing'; // first: see tracing.ts
import { createApp } from './app.factory';
import { InvalidConfigError, parseEnv } from './config/env.schema';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = parseEnv(process.env);
  } catch (error) {
    if (!(error instanceof InvalidConfigError)) throw error;
    // One line naming the variable, then a non-zero exit: nothing starts on a bad configuration.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
}

void bootstrap();
