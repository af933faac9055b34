import { books } from '../../books/src/books.table'; // the table lives with its feature (libs/books)
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, describePostgres, TestDatabase } from '../../../test/support/test-database';
import { Database } from './database';
import { openDatabase } from './database.factory';
import { DatabaseUnavailableError } from './errors/database-unavailable.error';
import { PostgresDatabase } from './postgres.database';

const row = (title: string) => ({
  id: crypto.randomUUID(),
  title,
  authors: ['Tx Tester'],
  authorKeys: ['tx tester'],
  searchText: title.toLowerCase(),
  createdAt: new Date(),
  updatedAt: new Date(),
});

/** What every engine must do for transactions, migrations state and pings. */
function engineContract(open: () => Promise<{ database: Database; cleanup: () => Promise<void> }>) {
  let database: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ database, cleanup } = await open());
  }, 180_000); // a cold PGlite start is slow on a busy machine
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });

  const titles = async () => (await database.db.select({ title: books.title }).from(books)).map((r) => r.title).sort();

  it('reports migrations as not applied, then applied once migrate() ran', async () => {
    expect(await database.migrationsApplied()).toBe(false);
    await database.migrate();
    expect(await database.migrationsApplied()).toBe(true);
  });

  it('answers a ping', async () => {
    await expect(database.ping(2_000)).resolves.toBeUndefined();
  });

  it('commits what `db` did inside transaction() together', async () => {
    await database.transaction(async () => {
      await database.db.insert(books).values(row('committed A'));
      await database.db.insert(books).values(row('committed B'));
    });
    expect(await titles()).toEqual(expect.arrayContaining(['committed A', 'committed B']));
  });

  it('rolls back everything when the work throws, nested transactions included', async () => {
    const failure = new Error('work failed');
    await expect(
      database.transaction(async () => {
        await database.db.insert(books).values(row('rolled back A'));
        await database.transaction(async () => database.db.insert(books).values(row('rolled back B')));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await titles()).not.toEqual(expect.arrayContaining(['rolled back A']));
    expect(await titles()).not.toEqual(expect.arrayContaining(['rolled back B']));
  });

  it('reads its own uncommitted writes through `db` inside the transaction', async () => {
    let seenInside: string[] = [];
    await database.transaction(async () => {
      await database.db.insert(books).values(row('inside only'));
      seenInside = await titles();
    });
    expect(seenInside).toContain('inside only');
  });
}

describe('PGlite engine', () =>
  engineContract(async () => ({
    database: await openDatabase({
      url: 'memory://',
      dataDir: '',
      poolSize: 1,
      queryTimeoutMs: 5_000,
      connectTimeoutMs: 0,
      migrateOnStart: false,
    }),
    cleanup: async () => undefined,
  })));

describe('embedded PostgreSQL engine (a child process on a DATA_DIR)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'embedded-engine-'));
  engineContract(async () => ({
    database: await openDatabase({
      dataDir,
      poolSize: 2,
      queryTimeoutMs: 5_000,
      connectTimeoutMs: 0,
      migrateOnStart: false,
    }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  }));
});

describePostgres('PostgreSQL engine', () => {
  let testDb: TestDatabase;
  engineContract(async () => {
    testDb = await createTestDatabase();
    const database = PostgresDatabase.create({
      url: testDb.url,
      dataDir: '',
      poolSize: 2,
      queryTimeoutMs: 5_000,
      connectTimeoutMs: 0,
      migrateOnStart: false,
    });
    return { database, cleanup: () => testDb.drop() };
  });
});

describe('PostgreSQL engine without a server', () => {
  let database: PostgresDatabase;
  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    database = PostgresDatabase.create({
      url: `postgres://postgres@127.0.0.1:${port}/none`,
      dataDir: '',
      poolSize: 1,
      queryTimeoutMs: 1_000,
      connectTimeoutMs: 0,
      migrateOnStart: false,
    });
  });
  afterAll(() => database.close());

  it('fails a transaction with DatabaseUnavailableError before running any of its work', async () => {
    const work = jest.fn();
    await expect(database.transaction(work)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(work).not.toHaveBeenCalled();
  });

  it('fails a ping, and a migration', async () => {
    await expect(database.ping(500)).rejects.toThrow(/ECONNREFUSED/);
    await expect(database.migrate()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('a ping that gets no answer', () => {
  it('fails with DatabaseUnavailableError after its timeout', async () => {
    // A server that accepts connections and never answers: a hung database.
    const sockets: import('node:net').Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const database = PostgresDatabase.create({
      url: `postgres://postgres@127.0.0.1:${port}/none`,
      dataDir: '',
      poolSize: 1,
      queryTimeoutMs: 10_000,
      connectTimeoutMs: 0,
      migrateOnStart: false,
    });
    const started = Date.now();
    await expect(database.ping(300)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(Date.now() - started).toBeLessThan(2_000);
    sockets.forEach((s) => s.destroy());
    await database.close().catch(() => undefined);
    await new Promise((resolve) => server.close(resolve));
  });
});
