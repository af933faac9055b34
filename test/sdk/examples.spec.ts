import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { createBookLibraryClient } from '../../libs/sdk/src';
import { APP_START_HOOK_TIMEOUT_MS } from '../support/start-timeouts';
import { createTestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '../..');
const EXAMPLES = resolve(ROOT, 'examples');
const API_KEY = 'examples-key-0123456789';
const run = promisify(execFile);

/** Runs one example as its header says (tsx with examples/tsconfig.json) against `env`. */
const example = (name: string, env: Record<string, string>) =>
  run(
    resolve(ROOT, 'node_modules/.bin/tsx'),
    ['--tsconfig', resolve(EXAMPLES, 'tsconfig.json'), resolve(EXAMPLES, name)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
    },
  );

describe('examples/', () => {
  it('type-check against the SDK (tsc --noEmit -p examples/tsconfig.json)', async () => {
    expect(readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts')).length).toBeGreaterThanOrEqual(3);
    await expect(
      run(resolve(ROOT, 'node_modules/.bin/tsc'), ['-p', resolve(EXAMPLES, 'tsconfig.json')], { cwd: ROOT }),
    ).resolves.toBeDefined();
  }, 120_000);

  describe('run against the app', () => {
    let app: INestApplication;
    let env: Record<string, string>;

    beforeAll(async () => {
      app = await createTestApp({ API_KEYS: API_KEY });
      await app.listen(0, '127.0.0.1');
      env = { BOOK_LIBRARY_URL: await app.getUrl(), BOOK_LIBRARY_API_KEY: API_KEY };
    }, APP_START_HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await app?.close();
    }, APP_START_HOOK_TIMEOUT_MS);

    it('create-book.ts adds a book, and list-books.ts lists it', async () => {
      expect((await example('create-book.ts', env)).stdout).toMatch(/^created [0-9a-f-]{36} \(ETag "1"\)\n$/);
      expect((await example('list-books.ts', env)).stdout).toBe('Dune (Frank Herbert)\n');
    }, 120_000);

    it('update-on-conflict.ts applies both of two concurrent changes, re-reading after a 412', async () => {
      const api = createBookLibraryClient({ baseUrl: env.BOOK_LIBRARY_URL, apiKey: API_KEY });
      const { data } = await api.createBook({ body: { title: 'Contested', authors: ['C'] } });
      const runs = ['left', 'right'].map((tag) =>
        example('update-on-conflict.ts', { ...env, BOOK_ID: data!.id, TAG: tag }),
      );
      const outputs = await Promise.all(runs);
      for (const { stdout } of outputs) expect(stdout).toMatch(/^Contested is now version [23], tagged /);
      const after = await api.getBook({ path: { id: data!.id } });
      expect(after.data).toMatchObject({ version: 3, tags: expect.arrayContaining(['left', 'right']) });
    }, 120_000);
  });
});
