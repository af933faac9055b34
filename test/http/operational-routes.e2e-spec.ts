import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { OPERATIONAL_ROUTES, operationalRouteOf } from '../../apps/api/src/operational-routes';
import { createTestApp } from '../support/test-app';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

/** Express 5's router: each layer a mounted middleware or a route (then with its path). */
type Router = { stack: { route?: { path: string } }[] };

/** The route table is the one list of operational paths: the app serves exactly those outside /api. */
describe('the operational route table against the running app', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app.close());

  it('lists every route the app serves outside /api', () => {
    const router = (app.getHttpAdapter().getInstance() as { router: Router }).router;
    const outside = router.stack
      .map((layer) => layer.route?.path)
      .filter((path): path is string => path !== undefined && !path.startsWith('/api'));
    expect(outside.length).toBeGreaterThan(0);
    for (const path of outside) expect([path, operationalRouteOf(path)]).toEqual([path, expect.anything()]);
  });

  it.each(OPERATIONAL_ROUTES.map((route) => route.path))('serves %s at the root', async (path) => {
    const res = await request(app.getHttpServer()).get(path);
    expect(res.status).not.toBe(404);
  });
});
