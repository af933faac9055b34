import { Client } from 'pg';
import type { Attempt, ChaosLoad } from '../support/chaos/chaos-load';

/** A span of time (ms since the epoch) in which a kind of failure is part of the experiment. */
export interface Window {
  from: number;
  to: number;
}

/** The attempt was under way at some time inside one of the windows. */
const during = (a: Attempt, windows: readonly Window[]) => windows.some((w) => a.at <= w.to && a.at + a.ms >= w.from);
const describe = (a: Attempt) =>
  `${a.kind} ${a.status || 'no response'}${a.fromProxy ? ' (proxy)' : ''} at ${new Date(a.at).toISOString()} (${a.ms} ms)`;

/**
 * "5xx only while the database is cut, and only as 503 with Retry-After": every 5xx a replica sent
 * is a 503 with Retry-After inside one of `databaseDown`; the proxy's own 502s (requests in flight on
 * a killed replica) only inside `replicaLost`; no attempt went unanswered outside those windows.
 */
export function failureViolations(
  attempts: readonly Attempt[],
  { databaseDown = [], replicaLost = [] }: { databaseDown?: Window[]; replicaLost?: Window[] },
): string[] {
  const found: string[] = [];
  for (const attempt of attempts) {
    if (attempt.fromProxy) {
      if (!during(attempt, replicaLost)) found.push(`${describe(attempt)} outside a replica loss`);
    } else if (attempt.status === 0) {
      if (!during(attempt, [...replicaLost, ...databaseDown])) found.push(`${describe(attempt)}`);
    } else if (attempt.status >= 500) {
      if (attempt.status !== 503 || attempt.retryAfter === null)
        found.push(`${describe(attempt)} is not 503 + Retry-After`);
      else if (!during(attempt, databaseDown)) found.push(`${describe(attempt)} while the database was up`);
    } else if (attempt.status >= 400 && attempt.status !== 409) {
      found.push(`${describe(attempt)}: a client error the load never provokes`);
    }
  }
  return found;
}

/**
 * "Every write acknowledged with 2xx is readable afterwards; no duplicate from a retried write":
 * each acknowledged book is read back through the service, and PostgreSQL holds exactly one book per
 * acknowledged write (at most one for a write never acknowledged).
 */
export async function writeViolations(load: ChaosLoad, databaseUrl: string, baseUrl: string): Promise<string[]> {
  const found: string[] = [];
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: Array<{ title: string; n: number; ids: string[] }>;
  try {
    ({ rows } = await client.query<{ title: string; n: number; ids: string[] }>(
      'SELECT title, count(*)::int AS n, array_agg(id::text) AS ids FROM books WHERE title = ANY($1) GROUP BY title',
      [load.writes.map((write) => write.title)],
    ));
  } finally {
    await client.end();
  }
  const byTitle = new Map(rows.map((row) => [row.title, row]));
  for (const write of load.writes) {
    const row = byTitle.get(write.title);
    if (write.id !== undefined) {
      if (!row) found.push(`acknowledged write ${write.key} (book ${write.id}) is not in the database`);
      else if (row.n !== 1 || row.ids[0] !== write.id)
        found.push(`write ${write.key} made ${row.n} books (${row.ids.join(', ')}), acknowledged as ${write.id}`);
    } else if (row && row.n > 1) {
      found.push(`unacknowledged write ${write.key} made ${row.n} books`);
    }
  }
  // Read back through the service, 20 at a time.
  const acknowledged = load.acknowledged();
  for (let i = 0; i < acknowledged.length; i += 20) {
    const statuses = await Promise.all(
      acknowledged.slice(i, i + 20).map(async (write) => {
        const res = await fetch(`${baseUrl}/api/v1/books/${write.id}`);
        const body = (await res.json().catch(() => ({}))) as { title?: string };
        return { write, status: res.status, title: body.title };
      }),
    );
    for (const { write, status, title } of statuses) {
      if (status !== 200 || title !== write.title) found.push(`acknowledged book ${write.id} reads ${status}`);
    }
  }
  return found;
}
