// The repository's SQL as the baselines replay it: each captured statement with every parameter traced back to
// what it came from (a field of the request, a value derived from one, the time, a new id, or a constant), so a
// baseline fills in the values of its own request. Pure code without imports: the baselines (plain `node`,
// type stripping) load this file too.

/** One statement as `pg` received it. */
export interface CapturedStatement {
  text: string;
  name?: string;
  values: unknown[];
  rowMode?: string;
}

/** Where a parameter comes from; `pgArray` when the repository sent an array as a PostgreSQL array literal. */
export type ParamSource =
  { role: string; encoding: 'raw' | 'pgArray' } | { generated: 'now' | 'uuid' } | { constant: unknown };

export interface StatementTemplate {
  text: string;
  name?: string;
  rowMode?: string;
  params: ParamSource[];
}

/** Scenario key → the statements one request of it sends, in order. */
export type SqlTemplates = Record<string, StatementTemplate[]>;

/** Values a request supplies, by role (see `contentRoles`, `listRoles`). */
export type Roles = Record<string, unknown>;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An array as a PostgreSQL array literal, as drizzle sends array columns: `{"a","b"}`. */
export function pgArrayLiteral(items: readonly unknown[]): string {
  const element = (item: unknown) =>
    item === null ? 'NULL' : `"${String(item).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return `{${items.map(element).join(',')}}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Traces each parameter of a captured statement to the one role whose value it equals (as sent, or as an array
 * literal); an ISO timestamp or a UUID no role has is generated per request; anything else is a constant.
 * Throws when a value matches two roles: the sample request must use distinct values.
 */
export function templateOf(statement: CapturedStatement, roles: Roles): StatementTemplate {
  const params = statement.values.map((value): ParamSource => {
    const matches: ParamSource[] = [];
    for (const [role, candidate] of Object.entries(roles)) {
      if (candidate === undefined) continue;
      if (same(value, candidate)) matches.push({ role, encoding: 'raw' });
      else if (Array.isArray(candidate) && value === pgArrayLiteral(candidate))
        matches.push({ role, encoding: 'pgArray' });
    }
    if (matches.length > 1) {
      throw new Error(`parameter ${JSON.stringify(value)} of "${statement.text}" matches several roles`);
    }
    if (matches.length === 1) return matches[0];
    if (typeof value === 'string' && ISO_TIMESTAMP.test(value)) return { generated: 'now' };
    if (typeof value === 'string' && UUID.test(value)) return { generated: 'uuid' };
    return { constant: value };
  });
  return { text: statement.text, name: statement.name, rowMode: statement.rowMode, params };
}

/** The values of one request's statement, in the order the repository sent them. */
export function valuesOf(
  template: StatementTemplate,
  roles: Roles,
  generated: { now: string; uuid: string },
): unknown[] {
  return template.params.map((source) => {
    if ('constant' in source) return source.constant;
    if ('generated' in source) return generated[source.generated];
    const value = roles[source.role];
    if (value === undefined) throw new Error(`no value for role ${source.role}`);
    return source.encoding === 'pgArray' ? pgArrayLiteral(value as unknown[]) : value;
  });
}

/** The book fields a write stores, with the columns the repository derives from them for the filters. */
export function contentRoles(content: {
  title: string;
  authors: string[];
  isbn?: string | null;
  publishedYear?: number | null;
  language?: string | null;
  pageCount?: number | null;
  description?: string | null;
  tags?: string[];
}): Roles {
  return {
    title: content.title,
    authors: content.authors,
    isbn: content.isbn ?? null,
    publishedYear: content.publishedYear ?? null,
    language: content.language ?? null,
    pageCount: content.pageCount ?? null,
    description: content.description ?? null,
    tags: [...new Set(content.tags ?? [])],
    authorKeys: content.authors.map((a) => a.toLowerCase()),
    searchText: [content.title, ...content.authors].join('\n').toLowerCase(),
  };
}

/** Which listing statement a query string needs: the sort, the filters set, and whether it pages on. */
export function listShapeKey(query: URLSearchParams): string {
  const filters = [
    query.has('q') ? 'q' : '',
    query.has('author') ? 'author' : '',
    query.has('publishedYearFrom') || query.has('publishedYearTo') ? 'years' : '',
  ].filter(Boolean);
  return `list ${query.get('sort') ?? 'createdAt'}${filters.map((f) => ` ${f}`).join('')}${query.has('cursor') ? ' cursor' : ''}`;
}

/** The values a listing request supplies (`afterKey`/`afterId` from its decoded cursor). */
export function listRoles(query: URLSearchParams, after?: { key: unknown; id: string }): Roles {
  const q = query.get('q');
  const author = query.get('author');
  const from = query.get('publishedYearFrom');
  const to = query.get('publishedYearTo');
  return {
    qPattern: q === null ? undefined : `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    authorKeys: author === null ? undefined : [author.toLowerCase()],
    yearFrom: from === null ? undefined : Number(from),
    yearTo: to === null ? undefined : Number(to),
    afterKey: after?.key,
    afterId: after?.id,
  };
}
