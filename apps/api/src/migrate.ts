import { openDatabase } from '@app/database';
import { parseEnvOrExit } from './config/env.schema';

// `npm run migrate` / the Kubernetes migration step: apply pending migrations, then exit.
async function migrate(): Promise<void> {
  // Nothing starts on a bad configuration: one line naming the variable, exit 1.
  const config = parseEnvOrExit(process.env);
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    embeddedEngine: config.EMBEDDED_ENGINE,
    poolSize: 1,
    queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    migrateOnStart: false,
  });
  try {
    await database.migrate();
    process.stdout.write(
      `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'Migrations applied' })}\n`,
    );
  } finally {
    await database.close();
  }
}

migrate().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'Migration failed', err: String(error) })}\n`);
  process.exit(1);
});
