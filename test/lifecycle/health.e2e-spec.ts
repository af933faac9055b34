import { ReadinessIndicator } from '@app/health';
import type { INestApplication } from '@nestjs/common';
import { createServer, Server, Socket } from 'node:net';
import { createApp } from '../../apps/api/src/app.factory';
import { parseEnv } from '../../apps/api/src/config/env.schema';
import { createTestApp, TEST_HTTP_ADAPTER } from '../support/test-app';
import { jsonOf } from '../support/probes';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';

// /health and /ready in process: Terminus' JSON shape on success and failure, never problem+json.

const NO_STORE = 'no-cache, no-store, must-revalidate';

describe('health endpoints', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await createTestApp();
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(() => app?.close());

  it('GET /health is 200 in Terminus shape, uncached, at the root (not under /api)', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe(NO_STORE);
    expect(await jsonOf(res)).toEqual({
      status: 'ok',
      info: { process: { status: 'up' } },
      error: {},
      details: { process: { status: 'up' } },
    });
    expect((await fetch(`${url}/api/health`)).status).toBe(404);
  });

  it('GET /ready is 200 naming its three checks once the database is connected and migrated', async () => {
    const res = await fetch(`${url}/ready`);
    expect(res.status).toBe(200);
    const up = { shutdown: { status: 'up' }, database: { status: 'up' }, migrations: { status: 'up' } };
    expect(await jsonOf(res)).toEqual({ status: 'ok', info: up, error: {}, details: up });
  });

  it('exports health_status{check} on /metrics', async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    for (const check of ['database', 'migrations', 'shutdown']) {
      expect(metrics.split('\n')).toContain(`health_status{check="${check}"} 1`);
    }
  });

  it('turns /ready 503 at once when shutting down, in Terminus shape, while /health stays 200', async () => {
    app.get(ReadinessIndicator).startShutdown();
    const res = await fetch(`${url}/ready`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/); // not problem+json
    expect(res.headers.get('cache-control')).toBe(NO_STORE);
    const body = await jsonOf(res);
    expect(body).toMatchObject({
      status: 'error',
      error: { shutdown: { status: 'down', message: 'the process is shutting down' } },
      info: { database: { status: 'up' }, migrations: { status: 'up' } },
    });
    expect(Object.keys(body.details).sort()).toEqual(['database', 'migrations', 'shutdown']);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^health_status\{check="shutdown"\} 0$/m);
  });
});

describe('readiness against a database that accepts connections and never answers', () => {
  let blackHole: Server;
  const sockets: Socket[] = [];
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    blackHole = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as { port: number };
    app = await createApp(
      parseEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        ...TEST_HTTP_ADAPTER,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/hung`,
        DB_QUERY_TIMEOUT_MS: '5000',
        DB_CONNECT_TIMEOUT_MS: '600000',
      }),
    );
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((socket) => socket.destroy());
    await app?.close();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  it('answers /ready 503 naming the database, without waiting for the 2 s ping or the 5 s query timeout', async () => {
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await fetch(`${url}/ready`);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(res.status).toBe(503);
      expect((await jsonOf(res)).error.database).toEqual({ status: 'down', message: expect.any(String) });
    }
  });

  it('keeps /health at 200', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
