import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { isbn13For } from '../support/books.fixtures';
import { ServerProcess, startServer } from '../support/server-process';

// The embedded default (DATABASE_URL unset) as a user meets it: the production build on a DATA_DIR,
// killed for real. Acknowledged writes survive kill -9, the next start is clean (no orphaned server,
// no stale lock), and a second process on the same DATA_DIR exits naming it without harming the first.

const START_TIMEOUT_MS = 120_000;
const BOOKS = 25;

async function createBooks(server: ServerProcess, from: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < from + count; n++) {
    const response = await fetch(`${server.url}/api/v1/books`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `Durable ${n}`,
        authors: ['Test Author'],
        isbn: isbn13For(n),
        publishedYear: 2001,
      }),
    });
    expect(response.status).toBe(201);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}

async function titlesOf(server: ServerProcess, ids: string[]): Promise<string[]> {
  const titles: string[] = [];
  for (const id of ids) {
    const response = await fetch(`${server.url}/api/v1/books/${id}`);
    if (response.status === 200) titles.push(((await response.json()) as { title: string }).title);
  }
  return titles;
}

/** Processes still running whose command line names `dataDir` (an orphaned embedded server would). */
function processesOn(dataDir: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes(dataDir));
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

async function waitForAsync(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('the embedded default on a DATA_DIR (production build, real processes)', () => {
  let dataDir: string;
  const running: ServerProcess[] = [];
  const start = async () => {
    const server = await startServer({ DATA_DIR: dataDir, SHUTDOWN_DRAIN_MS: '0' }, { timeoutMs: START_TIMEOUT_MS });
    running.push(server);
    return server;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'embedded-e2e-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop('SIGKILL')));
    await waitFor(() => processesOn(dataDir).length === 0, 10_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across kill -9, leaves no server behind, and starts cleanly again', async () => {
    const first = await start();
    const ids = await createBooks(first, 0, BOOKS);

    expect(await first.stop('SIGKILL')).toBeNull();
    // The server dies with the service: nothing keeps holding the directory.
    expect(await waitFor(() => processesOn(dataDir).length === 0, 10_000)).toBe(true);

    const second = await start();
    expect(await titlesOf(second, ids)).toEqual(ids.map((_, n) => `Durable ${n}`));
    expect(second.output()).not.toMatch(/in use by another process/);
    // And it still takes writes.
    expect(await createBooks(second, BOOKS, 1)).toHaveLength(1);
  }, 300_000);

  it('a second process on the same DATA_DIR exits non-zero naming it; the first keeps serving and loses nothing', async () => {
    const first = await start();
    const before = await createBooks(first, 0, 5);

    const second = startServer({ DATA_DIR: dataDir }, { timeoutMs: 20_000 });
    const failure = (await second.then(
      (server) => (running.push(server), 'it started'),
      (error: Error) => error.message,
    )) as string;
    expect(failure).toMatch(/^server exited with 1/);
    expect(failure).toContain(`DATA_DIR ${dataDir} is in use by another process (pid ${first.child.pid})`);

    // The first still serves, and what it acknowledges after the attempt survives a kill -9 too.
    const after = await createBooks(first, 5, 5);
    expect(await first.stop('SIGKILL')).toBeNull();
    expect(await waitFor(() => processesOn(dataDir).length === 0, 10_000)).toBe(true);
    const third = await start();
    const ids = [...before, ...after];
    expect(await titlesOf(third, ids)).toEqual(ids.map((_, n) => `Durable ${n}`));
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
  }, 300_000);

  it('restarts a PostgreSQL that died under the running service; reads answer 503 meanwhile, then every book again', async () => {
    const server = await start();
    const ids = await createBooks(server, 0, 3);
    const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');

    const statuses = new Set<number>();
    const back = await waitForAsync(async () => {
      const response = await fetch(`${server.url}/api/v1/books/${ids[0]}`);
      statuses.add(response.status);
      return response.status === 200;
    }, 30_000);
    expect(back).toBe(true);
    expect([...statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(server.output()).toContain('PostgreSQL exited unexpectedly');
    expect(await titlesOf(server, ids)).toEqual(ids.map((_, n) => `Durable ${n}`));
  }, 300_000);

  it('is sized for one local user: a pool of four, no I/O workers or replication launcher', async () => {
    await start();
    // The server admits the pool plus five (the migration lock, a psql by hand): nine is a pool of four.
    const client = new Client({ host: join(dataDir, 'postgres'), user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      const setting = async (name: string) =>
        (await client.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name])).rows[0]
          .setting;
      expect(await setting('max_connections')).toBe('9');
      expect(await setting('io_method')).toBe('sync');
    } finally {
      await client.end();
    }

    const postmaster = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0];
    const children = execFileSync('ps', ['-o', 'args=', '--ppid', postmaster], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(children.filter((args) => /io worker|logical replication launcher/.test(args))).toEqual([]);
    expect(children.some((args) => args.includes('checkpointer'))).toBe(true);
  }, 300_000);
});
