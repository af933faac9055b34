import { writeFileSync } from 'node:fs';
import { createApp } from '../app.factory';
import { parseEnv } from '../config/env.schema';
import { buildOpenApiDocument, serializeOpenApiDocument } from './openapi.document';
import { OPENAPI_PATH } from './openapi.path';

// Builds the app without listening (on a throwaway in-memory database) and writes the sorted contract.
async function main(): Promise<void> {
  const app = await createApp(parseEnv({ DATABASE_URL: 'memory://', LOG_LEVEL: 'silent', MIGRATE_ON_START: 'false' }));
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the committed contract's fixed path
  writeFileSync(OPENAPI_PATH, serializeOpenApiDocument(buildOpenApiDocument(app)));
  await app.close();
  process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
}

void main();
