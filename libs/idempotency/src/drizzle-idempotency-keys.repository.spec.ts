import { Database, openDatabase } from '@app/database';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, describePostgres, TestDatabase } from '../../../test/support/test-database';
import { DrizzleIdempotencyKeysRepository } from './drizzle-idempotency-keys.repository';
import type { KeyScope, StoredResponse } from './stored-response';

const response: StoredResponse = {
  status: 201,
  headers: { Location: '/api/v1/books/1', ETag: '"1"' },
  body: '{"id":"1","title":"Dune","authors":["Frank Herbert"]}',
};

/** The SQL of the repository, on each engine: times are the database's own. */
function repositoryContract(open: () => Promise<{ database: Database; cleanup: () => Promise<void> }>) {
  let database: Database;
  let cleanup: () => Promise<void>;
  let repo: DrizzleIdempotencyKeysRepository;

  beforeAll(async () => {
    ({ database, cleanup } = await open());
    await database.migrate();
    repo = new DrizzleIdempotencyKeysRepository(database);
  }, 180_000); // a cold PGlite start is slow on a busy machine
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
  });

  const newScope = (overrides: Partial<KeyScope> = {}): KeyScope => ({
    client: '',
    method: 'POST',
    path: '/api/v1/books',
    key: randomUUID(),
    ...overrides,
  });
  const claim = (scope: KeyScope, token = randomUUID(), leaseMs = 60_000, ttlSeconds = 3_600) =>
    repo.claim({ scope, fingerprint: 'f'.repeat(64), token, leaseMs, ttlSeconds });

  it('claims a key once; the claim is in progress and holds no response', async () => {
    const scope = newScope();
    expect(await claim(scope)).toBe(true);
    expect(await claim(scope)).toBe(false);
    expect(await repo.find(scope)).toEqual({
      fingerprint: 'f'.repeat(64),
      response: null,
      expired: false,
      claimAbandoned: false,
    });
    expect(await repo.find(newScope())).toBeNull();
  });

  it('scopes keys by client, method and path', async () => {
    const scope = newScope();
    expect(await claim(scope)).toBe(true);
    expect(await claim({ ...scope, client: 'someone-else' })).toBe(true);
    expect(await claim({ ...scope, method: 'PUT' })).toBe(true);
    expect(await claim({ ...scope, path: '/api/v1/other' })).toBe(true);
  });

  it('stores the response only for the holder of the claim, once, byte for byte', async () => {
    const scope = newScope();
    const token = randomUUID();
    await claim(scope, token);
    expect(await repo.complete(scope, randomUUID(), response)).toBe(false);
    expect(await repo.complete(scope, token, response)).toBe(true);
    expect(await repo.complete(scope, token, { ...response, status: 500 })).toBe(false);
    expect((await repo.find(scope))?.response).toEqual(response);
  });

  it('releases only an unanswered claim, and only for its holder', async () => {
    const scope = newScope();
    const token = randomUUID();
    await claim(scope, token);
    await repo.release(scope, randomUUID());
    expect(await repo.find(scope)).not.toBeNull();
    await repo.release(scope, token);
    expect(await repo.find(scope)).toBeNull();

    await claim(scope, token);
    await repo.complete(scope, token, response);
    await repo.release(scope, token);
    expect((await repo.find(scope))?.response).toEqual(response);
  });

  it('lets a claim be taken over only once its lease has run out', async () => {
    const scope = newScope();
    const first = randomUUID();
    await claim(scope, first, 60_000);
    expect(await repo.takeOver(scope, randomUUID(), 60_000)).toBe(false);

    const abandoned = newScope();
    await claim(abandoned, first, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await repo.find(abandoned))?.claimAbandoned).toBe(true);
    const second = randomUUID();
    expect(await repo.takeOver(abandoned, second, 60_000)).toBe(true);
    expect(await repo.complete(abandoned, first, response)).toBe(false);
    expect(await repo.complete(abandoned, second, response)).toBe(true);
  });

  it('expires keys after their retention: found as expired, deleted lazily and by the purge', async () => {
    const expiring = [newScope(), newScope()];
    for (const scope of expiring) await claim(scope, randomUUID(), 60_000, 0.01);
    const kept = newScope();
    await claim(kept);
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect((await repo.find(expiring[0]))?.expired).toBe(true);
    await repo.deleteIfExpired(expiring[0]);
    await repo.deleteIfExpired(kept);
    expect(await repo.find(expiring[0])).toBeNull();
    expect(await repo.find(kept)).not.toBeNull();

    expect(await repo.purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await repo.find(expiring[1])).toBeNull();
    expect(await repo.find(kept)).not.toBeNull();
  });

  it('completes inside the caller transaction: a rollback takes the stored response with it', async () => {
    const scope = newScope();
    const token = randomUUID();
    await claim(scope, token);
    await expect(
      database.transaction(async () => {
        expect(await repo.complete(scope, token, response)).toBe(true);
        throw new Error('the work failed after all');
      }),
    ).rejects.toThrow('the work failed after all');
    expect((await repo.find(scope))?.response).toBeNull();
  });
}

describe('DrizzleIdempotencyKeysRepository on PGlite', () =>
  repositoryContract(async () => ({
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

describePostgres('DrizzleIdempotencyKeysRepository on PostgreSQL', () => {
  let testDb: TestDatabase;
  repositoryContract(async () => {
    testDb = await createTestDatabase();
    const database = await openDatabase({
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
