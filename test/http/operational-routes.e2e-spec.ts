import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { httpPlatformOf } from '../../apps/api/src/http-adapter/http-platform.factory';
import { parseEnv } from '../../apps/api/src/config/env.schema';
import { OPERATIONAL_ROUTES, operationalRouteOf } from '../../apps/api/src/operational-routes';
import { createTestApp, TEST_HTTP_ADAPTER } from '../support/test-app';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

/** The route table is the one list of operational paths: the app serves exactly those outside /api. */
describe('the operational route table against the running app', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app.close());

  it('lists every route the app serves outside /api', () => {
    // The routes as the adapter under test registered them (Express' router, or Fastify's).
    const routes = httpPlatformOf(parseEnv(TEST_HTTP_ADAPTER).HTTP_ADAPTER).routes(app);
    const outside = routes.map((route) => route.path).filter((path) => !path.startsWith('/api'));
    expect(outside.length).toBeGreaterThan(0);
    for (const path of outside) expect([path, operationalRouteOf(path)]).toEqual([path, expect.anything()]);
  });

  it.each(OPERATIONAL_ROUTES.map((route) => route.path))('serves %s at the root', async (path) => {
    const res = await request(app.getHttpServer()).get(path);
    expect(res.status).not.toBe(404);
  });
});
