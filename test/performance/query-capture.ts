import { Client } from 'pg';

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

type ClientQuery = (this: Client, ...args: unknown[]) => unknown;

/**
 * Records every statement this process sends through `pg` (pools use Client#query too), so the SQL a
 * repository really generates, on the real Database, can be EXPLAINed (query-plan test) or replayed
 * (the benchmark's bare baseline server). Works whatever wraps the pool; `stop()` restores `pg`.
 */
export class PgQueryRecorder {
  private readonly queries: CapturedQuery[] = [];
  private readonly original: ClientQuery;

  constructor() {
    this.original = Client.prototype.query as unknown as ClientQuery;
    const queries = this.queries;
    const original = this.original;
    (Client.prototype as unknown as { query: ClientQuery }).query = function (this: Client, ...args: unknown[]) {
      const [first, second] = args;
      if (typeof first === 'string') {
        queries.push({ sql: first, params: Array.isArray(second) ? second : [] });
      } else if (first !== null && typeof first === 'object' && 'text' in first) {
        const config = first as { text: string; values?: unknown[] };
        queries.push({ sql: config.text, params: config.values ?? (Array.isArray(second) ? second : []) });
      }
      return original.apply(this, args);
    };
  }

  /** The one statement `action` sent (it must send exactly one). */
  async capture(action: () => Promise<unknown>): Promise<CapturedQuery> {
    const before = this.queries.length;
    await action();
    const sent = this.queries.slice(before);
    if (sent.length !== 1) throw new Error(`expected one statement, got ${sent.length}: ${JSON.stringify(sent)}`);
    return sent[0];
  }

  stop(): void {
    (Client.prototype as unknown as { query: ClientQuery }).query = this.original;
  }
}
