import { Database, openDatabase } from '@app/database';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { keysetOrderOf } from '../libs/books/src/book-sort';
import { DrizzleBooksRepository } from '../libs/books/src/drizzle-books.repository';
import { catalogueSlice } from '../test/performance/catalogue';
import { seedBooks } from '../test/performance/seed-books';
import { CapturedQuery, PgQueryRecorder } from '../test/performance/query-capture';

// The benchmark's data: its own PostgreSQL database (dropped afterwards) or PGlite directory, seeded
// through the real repository, and the SQL the repository sends for the baseline to replay.

/** Books per seedBooks call (one transaction each); progress is reported between them. */
const SEED_CHUNK = 5_000;

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `book_library_bench_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export interface SeedResult {
  books: number;
  seconds: number;
}

async function seed(database: Database, count: number, progress: (done: number) => void): Promise<SeedResult> {
  const started = performance.now();
  await database.migrate();
  for (let start = 0; start < count; start += SEED_CHUNK) {
    await seedBooks(database, catalogueSlice(start, Math.min(SEED_CHUNK, count - start)));
    progress(Math.min(start + SEED_CHUNK, count));
  }
  return { books: count, seconds: (performance.now() - started) / 1000 };
}

const databaseOptions = (url: string | undefined, dataDir = '') => ({
  url,
  dataDir,
  poolSize: 2,
  queryTimeoutMs: 120_000,
  connectTimeoutMs: 10_000,
  migrateOnStart: false,
});

export interface SeededPostgres extends SeedResult {
  /** Every book id, for random reads and updates. */
  ids: string[];
  /** The statements the repository sends for getBook and for the first page of listBooks. */
  getBookQuery: CapturedQuery;
  firstPageQuery: CapturedQuery;
  postgresVersion: string;
}

export async function seedPostgres(
  url: string,
  count: number,
  progress: (done: number) => void,
): Promise<SeededPostgres> {
  const recorder = new PgQueryRecorder();
  const database = await openDatabase(databaseOptions(url));
  try {
    const seeded = await seed(database, count, progress);
    // As autovacuum would after a bulk load: flush the GIN pending lists and gather statistics.
    const { ids, postgresVersion } = await withClient(url, async (client) => {
      await client.query('VACUUM ANALYZE books');
      const rows = await client.query<{ id: string }>('SELECT id FROM books');
      const version = await client.query<{ server_version: string }>('SHOW server_version');
      return { ids: rows.rows.map((r) => r.id), postgresVersion: version.rows[0].server_version };
    });
    const repository = new DrizzleBooksRepository(database);
    const getBookQuery = await recorder.capture(() => repository.findById(ids[0]));
    const firstPageQuery = await recorder.capture(() =>
      repository.list({ filters: {}, order: keysetOrderOf('createdAt'), limit: 20 }),
    );
    return { ...seeded, ids, getBookQuery, firstPageQuery, postgresVersion };
  } finally {
    recorder.stop();
    await database.close();
  }
}

export interface SeededPglite extends SeedResult {
  ids: string[];
}

/** Seeds a PGlite directory, then closes it so that the service can open it. */
export async function seedPglite(dataDir: string, count: number): Promise<SeededPglite> {
  const database = await openDatabase(databaseOptions(undefined, dataDir));
  try {
    const seeded = await seed(database, count, () => undefined);
    const result = (await database.db.execute('SELECT id FROM books')) as unknown as { rows: Array<{ id: string }> };
    return { ...seeded, ids: result.rows.map((r) => r.id) };
  } finally {
    await database.close();
  }
}
