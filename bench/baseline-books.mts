// What both baselines do per request, whatever serves HTTP: the repository's captured SQL with this request's
// values, and the least a client needs back (the book or page as JSON, Location and ETag, 404 and 412).
// No validation, no logging, no metrics, no auth: the floor our service is compared with.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  contentRoles,
  listRoles,
  listShapeKey,
  type Roles,
  type SqlTemplates,
  type StatementTemplate,
  valuesOf,
} from './sql-template.ts';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const PAGE_SIZE = 20;
const camelCase = new Map<string, string>();
const camel = (column: string) => {
  let name = camelCase.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    camelCase.set(column, name);
  }
  return name;
};

const problem = (status: number, title: string): Answer => ({ status, headers: {}, body: { status, title } });

/** Reads the templates the benchmark passes in BASELINE_SQL (JSON); every baseline replays the same ones. */
export function templatesFromEnv(env: NodeJS.ProcessEnv): SqlTemplates {
  const raw = env.BASELINE_SQL;
  if (!raw) throw new Error('BASELINE_SQL is not set: the benchmark passes the captured SQL');
  return JSON.parse(raw) as SqlTemplates;
}

export class BaselineBooks {
  // Plain fields (no parameter properties): this file runs under Node's type stripping.
  private readonly pool: pg.Pool;
  private readonly sql: SqlTemplates;

  constructor(pool: pg.Pool, sql: SqlTemplates) {
    this.pool = pool;
    this.sql = sql;
  }

  private async run(template: StatementTemplate, roles: Roles, now: string): Promise<Array<Record<string, unknown>>> {
    const config = {
      text: template.text,
      name: template.name,
      rowMode: template.rowMode === 'array' ? 'array' : undefined,
      values: valuesOf(template, roles, { now, uuid: randomUUID() }),
    };
    const result: pg.QueryResult = await this.pool.query(config as pg.QueryConfig);
    if (template.rowMode !== 'array') return result.rows as Array<Record<string, unknown>>;
    const names = result.fields.map((f) => camel(f.name));
    return (result.rows as unknown as unknown[][]).map((row) => {
      const book: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) book[names[i]] = row[i];
      return book;
    });
  }

  private steps(scenario: string): StatementTemplate[] {
    const steps = this.sql[scenario];
    if (!steps) throw new Error(`no captured SQL for ${scenario}`);
    return steps;
  }

  async getBook(id: string): Promise<Answer> {
    const [book] = await this.run(this.steps('getBook')[0], { id }, new Date().toISOString());
    if (!book) return problem(404, 'Not Found');
    return { status: 200, headers: { etag: `"${String(book.version)}"` }, body: book };
  }

  async list(query: URLSearchParams): Promise<Answer> {
    const shape = listShapeKey(query);
    const cursor = query.get('cursor');
    let after: { key: unknown; id: string } | undefined;
    if (cursor !== null) {
      const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, string];
      after = { key, id };
    }
    const rows = await this.run(this.steps(shape)[0], listRoles(query, after), new Date().toISOString());
    const page = rows.slice(0, PAGE_SIZE);
    const last = page.at(-1);
    let nextCursor: string | null = null;
    if (rows.length > PAGE_SIZE && last) {
      const key = last.sortKey instanceof Date ? last.sortKey.toISOString() : last.sortKey;
      nextCursor = Buffer.from(JSON.stringify([key, last.id])).toString('base64url');
    }
    for (const book of page) delete book.sortKey;
    return { status: 200, headers: {}, body: { items: page, nextCursor } };
  }

  async create(body: Parameters<typeof contentRoles>[0]): Promise<Answer> {
    const [book] = await this.run(this.steps('createBook')[0], contentRoles(body), new Date().toISOString());
    return {
      status: 201,
      headers: { location: `/api/v1/books/${String(book.id)}`, etag: `"${String(book.version)}"` },
      body: book,
    };
  }

  /** A merge patch with If-Match, as the service does it: read, check the version, conditional UPDATE. */
  async update(id: string, ifMatch: string | undefined, patch: Record<string, unknown>): Promise<Answer> {
    const [read, write] = this.steps('updateBook');
    const now = new Date().toISOString();
    const [current] = await this.run(read, { id }, now);
    if (!current) return problem(404, 'Not Found');
    const version = Number(current.version);
    if (ifMatch !== undefined && ifMatch !== `"${version}"`) return problem(412, 'Precondition Failed');
    const merged = { ...current, ...patch } as Parameters<typeof contentRoles>[0];
    const [book] = await this.run(write, { ...contentRoles(merged), id, expectedVersion: version }, now);
    if (!book) return problem(412, 'Precondition Failed');
    return { status: 200, headers: { etag: `"${String(book.version)}"` }, body: book };
  }
}
