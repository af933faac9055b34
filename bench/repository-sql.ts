import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHOR_NAMES, isbn13 } from './catalogue';
import {
  CapturedStatement,
  contentRoles,
  listRoles,
  listShapeKey,
  Roles,
  SqlTemplates,
  templateOf,
  valuesOf,
} from './sql-template';
import { API, API_KEY } from './workload';

// The repository's SQL, learnt from the production build rather than retyped: the service runs once with
// bench/sql-capture.mts preloaded, answers one sample request per scenario, and what it sent to PostgreSQL
// becomes the templates both baselines replay. The same samples, sent to a baseline that runs with the
// capture too, prove it sends exactly that SQL with its own request's values.

/** `node` arguments that preload the capture into a process (BENCH_SQL_CAPTURE_FILE names the file). */
export const CAPTURE_NODE_ARGS = ['--import', join(__dirname, 'sql-capture.mts')];

/** Book statements appended to a capture file since the last `take()` (health pings and migrations left out). */
export class CaptureFile {
  private offset = 0;

  constructor(readonly path: string) {
    writeFileSync(path, '');
  }

  take(): CapturedStatement[] {
    const text = readFileSync(this.path, 'utf8');
    const fresh = text.slice(this.offset);
    this.offset = text.length;
    return fresh
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CapturedStatement & { at?: number })
      .filter((s) => /\bbooks\b/.test(s.text))
      .map(({ text: sql, name, values, rowMode }) => ({ text: sql, name, values, rowMode }));
  }
}

export interface Sample {
  scenario: string;
  roles: Roles;
  statements: CapturedStatement[];
}

/** The listings the workload sends, one per statement shape (the cursor page follows `sort=title`). */
export const SAMPLE_LISTINGS = [
  '',
  'q=river',
  `author=${encodeURIComponent(AUTHOR_NAMES[0])}`,
  'publishedYearFrom=1960&publishedYearTo=1970&sort=-publishedYear',
  'sort=title',
];

async function call(
  url: string,
  init: RequestInit & { expect: number },
): Promise<{ body: Record<string, unknown>; etag: string | null }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== init.expect) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return { body: JSON.parse(text) as Record<string, unknown>, etag: response.headers.get('etag') };
}

const writeHeaders = (contentType: string, ifMatch?: string) => ({
  authorization: `Bearer ${API_KEY}`,
  'content-type': contentType,
  ...(ifMatch ? { 'if-match': ifMatch } : {}),
});

/**
 * One request per scenario against `baseUrl`, each with the statements it sent. `serial` makes the created
 * book unique (every process in one database gets its own); `bookId` is an existing book.
 */
export async function runSamples(
  baseUrl: string,
  capture: CaptureFile,
  bookId: string,
  serial: number,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const api = `${baseUrl}${API}`;
  capture.take();
  const record = (scenario: string, roles: Roles) => samples.push({ scenario, roles, statements: capture.take() });

  await call(`${api}/${bookId}`, { expect: 200 });
  record('getBook', { id: bookId });

  let titlePage: Record<string, unknown> = {};
  for (const listing of SAMPLE_LISTINGS) {
    const query = new URLSearchParams(listing);
    const { body } = await call(listing ? `${api}?${listing}` : api, { expect: 200 });
    record(listShapeKey(query), listRoles(query));
    if (listing === 'sort=title') titlePage = body;
  }
  const items = titlePage.items as Array<{ id: string; title: string }>;
  const last = items.at(-1);
  if (typeof titlePage.nextCursor !== 'string' || !last) throw new Error('the sample listing has no second page');
  const cursorQuery = new URLSearchParams({ sort: 'title', cursor: titlePage.nextCursor });
  await call(`${api}?${cursorQuery.toString()}`, { expect: 200 });
  record(listShapeKey(cursorQuery), listRoles(cursorQuery, { key: last.title.toLowerCase(), id: last.id }));

  // Values no other role shares, so that each parameter traces back to one field.
  const content = {
    title: `Sample ${serial} Title`,
    authors: ['Sample Author', `Second ${serial}`],
    isbn: isbn13('979', 990_000_000 + serial),
    publishedYear: 1901 + (serial % 50),
    language: 'fr',
    pageCount: 321 + serial,
    description: `Sample description ${serial}`,
    tags: ['sample', `tag-${serial}`],
  };
  const created = await call(api, {
    method: 'POST',
    headers: writeHeaders('application/json'),
    body: JSON.stringify(content),
    expect: 201,
  });
  record('createBook', contentRoles(content));

  // Two updates first, so that the captured one's expected version (3) is no constant of its statements.
  const id = String(created.body.id);
  let etag = created.etag ?? '"1"';
  for (const pageCount of [600 + serial, 650 + serial]) {
    etag =
      (
        await call(`${api}/${id}`, {
          method: 'PATCH',
          headers: writeHeaders('application/merge-patch+json', etag),
          body: JSON.stringify({ pageCount }),
          expect: 200,
        })
      ).etag ?? '';
  }
  capture.take();
  const pageCount = 700 + serial;
  await call(`${api}/${id}`, {
    method: 'PATCH',
    headers: writeHeaders('application/merge-patch+json', etag),
    body: JSON.stringify({ pageCount }),
    expect: 200,
  });
  record('updateBook', {
    ...contentRoles({ ...content, pageCount }),
    id,
    expectedVersion: Number(etag.replaceAll('"', '')),
  });
  return samples;
}

/** Statements each scenario sends, with every parameter traced to its source. */
export function templatesFrom(samples: readonly Sample[]): SqlTemplates {
  return Object.fromEntries(samples.map((s) => [s.scenario, s.statements.map((st) => templateOf(st, s.roles))]));
}

const GENERATED = { now: /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/, uuid: /^[0-9a-f-]{36}$/i };

/**
 * How `samples` (what a process sent) differ from what the templates say that request should send: the same
 * statements, names and row modes, the same values but for the time and new ids (which only need their form).
 */
export function differences(templates: SqlTemplates, samples: readonly Sample[]): string[] {
  const found: string[] = [];
  for (const { scenario, roles, statements } of samples) {
    const expected = templates[scenario];
    if (!expected) {
      found.push(`${scenario}: no captured SQL`);
      continue;
    }
    if (expected.length !== statements.length) {
      found.push(`${scenario}: ${statements.length} statements sent, the repository sends ${expected.length}`);
      continue;
    }
    expected.forEach((template, i) => {
      const sent = statements[i];
      if (sent.text !== template.text)
        found.push(`${scenario} #${i + 1}: SQL differs:\n  ${sent.text}\n  ${template.text}`);
      if ((sent.name ?? null) !== (template.name ?? null)) found.push(`${scenario} #${i + 1}: statement name differs`);
      if ((sent.rowMode ?? null) !== (template.rowMode ?? null)) found.push(`${scenario} #${i + 1}: row mode differs`);
      const values = valuesOf(template, roles, { now: '(now)', uuid: '(uuid)' });
      if (values.length !== sent.values.length) {
        found.push(`${scenario} #${i + 1}: ${sent.values.length} values, expected ${values.length}`);
        return;
      }
      values.forEach((value, j) => {
        const actual = sent.values[j];
        const generated = value === '(now)' ? GENERATED.now : value === '(uuid)' ? GENERATED.uuid : null;
        const ok = generated
          ? typeof actual === 'string' && generated.test(actual)
          : JSON.stringify(actual) === JSON.stringify(value);
        if (!ok)
          found.push(
            `${scenario} #${i + 1} $${j + 1}: sent ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`,
          );
      });
    });
  }
  return found;
}
