import { randomBytes } from 'node:crypto';
import { Database, openDatabase } from '@app/database';
import { Client } from 'pg';
import { describeWhenSet } from './describe-when-set';

/** The PostgreSQL server the PostgreSQL suites use; .ci/run sets it, and in CI those suites must run. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** `describe` for suites that need PostgreSQL (see describeWhenSet). */
export const describePostgres = describeWhenSet({ TEST_DATABASE_URL });

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `book_library_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A database under test and how to throw it away. */
export interface OpenedDatabase {
  database: Database;
  cleanup: () => Promise<void>;
}

const engineOptions = (url: string) => ({
  url,
  dataDir: '',
  poolSize: 4,
  queryTimeoutMs: 5000,
  connectTimeoutMs: 5000,
  migrateOnStart: false,
});

/**
 * Runs `contract` (a suite body that calls `open()` in its beforeAll) on in-memory PGlite and, as
 * describePostgres allows, on a fresh PostgreSQL database: one suite, both engines.
 */
export function describeOnEachEngine(title: string, contract: (open: () => Promise<OpenedDatabase>) => void): void {
  describe(`${title} on PGlite`, () => {
    contract(async () => ({
      database: await openDatabase(engineOptions('memory://')),
      cleanup: async () => undefined,
    }));
  });
  describePostgres(`${title} on PostgreSQL`, () => {
    contract(async () => {
      const testDb = await createTestDatabase();
      return { database: await openDatabase(engineOptions(testDb.url)), cleanup: () => testDb.drop() };
    });
  });
}
