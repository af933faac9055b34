import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
import { LIVENESS_PATH, METRICS_PATH, READINESS_PATH } from './app-contract';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

// The manifests' probes and scrape annotations are checked against these paths (deploy-policy.ts);
// this proves the real application serves them, outside /api and without credentials.

let app: INestApplication;
beforeAll(async () => {
  app = await createTestApp({ API_KEYS: 'deploy-test-key' });
}, APP_START_HOOK_TIMEOUT_MS);
afterAll(async () => {
  await app?.close();
});

it.each([
  ['liveness probe', LIVENESS_PATH],
  ['readiness probe', READINESS_PATH],
  ['Prometheus scrape', METRICS_PATH],
])('serves the %s path %s with 200', async (_use, path) => {
  await request(app.getHttpServer()).get(path).expect(200);
});

it('answers 404 on a probe path the app does not serve, so the check above can fail', async () => {
  await request(app.getHttpServer()).get(`${READINESS_PATH}z`).expect(404);
});
