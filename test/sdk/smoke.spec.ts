import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { createBookLibraryClient } from '../../libs/sdk/src';
import { freePort } from '../support/server-process';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';
import { createTestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '../..');
const API_KEY = 'smoke-key-0123456789';

/** `npm run smoke`, as the deploy workflows run it, with the given environment. */
async function smoke(
  env: Record<string, string | undefined>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { SMOKE_BASE_URL: _url, SMOKE_API_KEY: _key, ...inherited } = process.env;
  return promisify(execFile)('npm', ['run', '--silent', 'smoke'], { cwd: ROOT, env: { ...inherited, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('npm run smoke', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createTestApp({ API_KEYS: API_KEY });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
  }, APP_START_HOOK_TIMEOUT_MS);

  it('lists, creates, reads, patches and deletes a book, leaving none behind', async () => {
    const result = await smoke({ SMOKE_BASE_URL: baseUrl, SMOKE_API_KEY: API_KEY });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      'ok   list books (200)',
      'ok   create a book (201)',
      'ok   read it back (200)',
      'ok   patch it with If-Match (200)',
      'ok   delete it with If-Match (204)',
      'ok   see it gone (404)',
      `smoke test passed against ${baseUrl}`,
    ]);
    const { data } = await createBookLibraryClient({ baseUrl }).listBooks({ query: { tag: 'smoke-test' } });
    expect(data!.items).toEqual([]);
  }, 120_000);

  it('fails (exit 1) when the service does not answer', async () => {
    const result = await smoke({ SMOKE_BASE_URL: `http://127.0.0.1:${await freePort()}`, SMOKE_API_KEY: API_KEY });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^smoke test FAILED against http:\/\/127\.0\.0\.1:\d+: /);
  }, 120_000);

  it('refuses to start (exit 2) without its configuration', async () => {
    expect(await smoke({ SMOKE_BASE_URL: baseUrl })).toMatchObject({
      code: 2,
      stderr: 'smoke: set SMOKE_BASE_URL and SMOKE_API_KEY\n',
    });
  }, 60_000);
});
