import { Database, openDatabase } from '@app/database';
import { SQL, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { seedCatalogue } from './catalogue-seed';

// The benchmark's data: its own PostgreSQL database (dropped afterwards) or embedded DATA_DIR, migrated by the
// service's own migrations and seeded with the benchmark's bulk INSERT (bench/catalogue-seed.ts).

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

const databaseOptions = (url: string | undefined, dataDir = '') => ({
  url,
  dataDir,
  poolSize: 2,
  queryTimeoutMs: 120_000,
  connectTimeoutMs: 10_000,
  migrateOnStart: false,
});

/** `$1`-style SQL through drizzle, for a Database handle (the embedded engine has no `pg` client). */
function drizzleStatement(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)));
}

async function idsOf(database: Database): Promise<string[]> {
  const result = (await database.db.execute(sql.raw('SELECT id FROM books'))) as unknown as {
    rows: Array<{ id: string }>;
  };
  return result.rows.map((r) => r.id);
}

export interface Seeded {
  books: number;
  seconds: number;
  /** Every book id, for random reads and updates. */
  ids: string[];
}

export interface SeededPostgres extends Seeded {
  postgresVersion: string;
}

export async function seedPostgres(
  url: string,
  count: number,
  progress: (done: number) => void,
): Promise<SeededPostgres> {
  const started = performance.now();
  const database = await openDatabase(databaseOptions(url));
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  return withClient(url, async (client) => {
    await seedCatalogue((text, params) => client.query(text, params), count, progress);
    // As autovacuum would after a bulk load: flush the GIN pending lists and gather statistics.
    await client.query('VACUUM ANALYZE books');
    const seconds = (performance.now() - started) / 1000;
    const rows = await client.query<{ id: string }>('SELECT id FROM books');
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    return { books: count, seconds, ids: rows.rows.map((r) => r.id), postgresVersion: version.rows[0].server_version };
  });
}

/** Seeds an embedded DATA_DIR the service has already created (and stopped using). */
export async function seedEmbedded(dataDir: string, count: number): Promise<Seeded> {
  const started = performance.now();
  const database = await openDatabase(databaseOptions(undefined, dataDir));
  try {
    await database.migrate();
    await seedCatalogue((text, params) => database.db.execute(drizzleStatement(text, params)), count);
    const seconds = (performance.now() - started) / 1000;
    return { books: count, seconds, ids: await idsOf(database) };
  } finally {
    await database.close();
  }
}
