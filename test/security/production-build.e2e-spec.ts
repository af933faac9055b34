import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess, startServer } from '../support/server-process';
import { exitOf } from '../support/security/exit-of';
import { newApiKey } from '../support/security/keys';
import { describeRedis, REDIS_URL_TEST, uniqueRedisPrefix } from '../support/redis';
import { APP_START_HOOK_TIMEOUT_MS, APP_START_TIMEOUT_MS } from '../support/start-timeouts';

// The production build (dist/apps/api/src/main.js), as the container runs it: `npm run build` first.

const BOOKS = '/api/v1/books';
const jsonBody = (body: object) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('start-up refuses unsafe key configuration', () => {
  it('refuses NODE_ENV=production without keys, in one line naming API_KEYS', async () => {
    const { code, output } = await exitOf({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: API_KEYS /)]);
  });

  it('refuses an unreadable API_KEYS_FILE, in one line naming it', async () => {
    const { code, output } = await exitOf({ NODE_ENV: 'production', API_KEYS_FILE: '/nonexistent/book-library/keys' });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      'Invalid configuration: API_KEYS_FILE cannot be read (ENOENT): /nonexistent/book-library/keys',
    ]);
  });
});

describe('API keys in the production build', () => {
  const envKey = newApiKey();
  const [fileKey, rotatedKey] = [newApiKey(), newApiKey()];
  const wrongKey = newApiKey();
  let dir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-keys-'));
    const file = join(dir, 'api-keys');
    writeFileSync(file, `# mounted Secret: old and new key during a rotation\n${fileKey}\n\n${rotatedKey}\n`, {
      mode: 0o600,
    });
    server = await startServer(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'debug',
        DATABASE_URL: 'memory://',
        API_KEYS: envKey,
        API_KEYS_FILE: file,
      },
      { timeoutMs: APP_START_TIMEOUT_MS },
    );
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts keys from API_KEYS and API_KEYS_FILE in both header forms, and refuses the rest', async () => {
    for (const key of [envKey, fileKey, rotatedKey]) {
      for (const header of [{ 'X-API-Key': key }, { Authorization: `Bearer ${key}` }] as Record<string, string>[]) {
        const request = jsonBody({ title: 'Keyed', authors: ['K'] });
        const res = await fetch(`${server.url}${BOOKS}`, { ...request, headers: { ...request.headers, ...header } });
        expect(res.status).toBe(201);
      }
    }
    const refused = await fetch(`${server.url}${BOOKS}`, jsonBody({ title: 'Nope', authors: ['N'] }));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = jsonBody({ title: 'Nope', authors: ['N'] });
    const wrongRes = await fetch(`${server.url}${BOOKS}`, {
      ...wrong,
      headers: { ...wrong.headers, 'X-API-Key': wrongKey },
    });
    expect(wrongRes.status).toBe(401);
  });

  it('never writes a key to the log, even at LOG_LEVEL=debug', async () => {
    await fetch(`${server.url}${BOOKS}`, { headers: { Authorization: `Bearer ${wrongKey}` } });
    const log = server.output();
    // The log is really there and really covers these requests…
    expect(log).toMatch(/"level":"debug"/);
    expect(log.match(/"path":"\/api\/v1\/books"/g)?.length).toBeGreaterThanOrEqual(8);
    // …and holds no key, valid or not, in any line.
    for (const key of [envKey, fileKey, rotatedKey, wrongKey]) expect(log).not.toContain(key);
  });
});

describeRedis('two processes sharing one Redis', () => {
  const redis = uniqueRedisPrefix();
  const key = newApiKey();
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    const env = {
      DATABASE_URL: 'memory://',
      API_KEYS: key,
      REDIS_URL: REDIS_URL_TEST!,
      RATE_LIMIT_KEY_PREFIX: redis.prefix,
      RATE_LIMIT_READ_PER_MINUTE: '5',
    };
    servers = await Promise.all([
      startServer(env, { timeoutMs: APP_START_TIMEOUT_MS }),
      startServer(env, { timeoutMs: APP_START_TIMEOUT_MS }),
    ]);
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    expect(await redis.cleanup()).toBeGreaterThan(0);
  });

  it('enforce one limit together: the 6th read across both is refused with Retry-After', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${servers[i % 2].url}${BOOKS}`, { headers: { 'X-API-Key': key } });
      expect(res.status).toBe(200);
      remaining.push(res.headers.get('ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const refused = await fetch(`${servers[1].url}${BOOKS}`, { headers: { 'X-API-Key': key } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Each process alone has seen at most 3 of the 6 requests: only the shared counter explains the 429.
  });
});
