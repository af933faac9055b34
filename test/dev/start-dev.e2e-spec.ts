import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/server-process';

// `npm run start:dev` really is a development loop: it serves (SWC output keeps decorator metadata and
// resolves the @app/* aliases), and a saved change in a library recompiles and restarts the service.
// It runs in a copy of the sources, so the edit and the SWC output never touch this checkout.

const ROOT = resolve(__dirname, '../..');
const DEADLINE_MS = 60_000;

// Unref'd: a pending wait never keeps Jest alive.
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms).unref());

async function until<T>(what: string, probe: () => Promise<T | undefined>, deadline: number): Promise<T> {
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('npm run start:dev', () => {
  let dir: string;
  let dev: ChildProcess | undefined;
  let output = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'start-dev-'));
    for (const entry of ['apps', 'libs', 'nest-cli.json', 'tsconfig.json', 'package.json']) {
      cpSync(join(ROOT, entry), join(dir, entry), {
        recursive: true,
        filter: (source) => !/[/\\](node_modules|dist)$/.test(source),
      });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    if (dev?.pid !== undefined) {
      // 'close': every process of the group that holds the output pipes (the app logs its shutdown) is gone.
      const closed = new Promise((done) => dev!.once('close', done));
      process.kill(-dev.pid, 'SIGTERM');
      if ((await Promise.race([closed.then(() => true), sleep(15_000)])) !== true) process.kill(-dev.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'serves from source and restarts on a change to a library file',
    async () => {
      const deadline = Date.now() + DEADLINE_MS;
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      dev = spawn('npm', ['run', '--silent', 'start:dev'], {
        cwd: dir,
        detached: true, // its own process group: npm, the Nest CLI and the app all stop together
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: 'memory://',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      dev.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      dev.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const started = () => output.split('Nest application successfully started').length - 1;

      await until('/ready', async () => ((await fetch(`${base}/ready`)).ok ? true : undefined), deadline);
      expect(started()).toBe(1);
      // Body validation needs the parameter types SWC emits as decorator metadata.
      const refused = await fetch(`${base}/api/v1/books`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Dev', authors: ['D'], unknownField: 1 }),
      });
      expect(refused.status).toBe(400);
      const created = await fetch(`${base}/api/v1/books`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Dev', authors: ['D'] }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };

      // A change in a library, not only in apps/api: the whole monorepo is watched.
      const controller = join(dir, 'libs/books/src/books.controller.ts');
      appendFileSync(controller, '\n// saved by start-dev.e2e-spec\n');
      expect(readFileSync(controller, 'utf8')).toContain('saved by start-dev');

      await until('a restart', async () => (started() >= 2 ? true : undefined), deadline);
      await until(
        '/ready after the restart',
        async () => ((await fetch(`${base}/ready`)).ok ? true : undefined),
        deadline,
      );
      // A new process: the in-memory catalogue started empty again.
      expect((await fetch(`${base}/api/v1/books/${id}`)).status).toBe(404);
    },
    DEADLINE_MS + 15_000,
  );
});
