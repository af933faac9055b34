export type QueryOperation = 'select' | 'insert' | 'update' | 'delete' | 'other';

export interface QueryTiming {
  operation: QueryOperation;
  durationSeconds: number;
}

/** Told about every query the application's drizzle instance runs (the query-metrics hook). */
export type QueryObserver = (timing: QueryTiming) => void;

const OPERATION = /^\s*(select|insert|update|delete)\b/i;

/** The SQL verb: a bounded label, whatever the statement's text. */
export function queryOperationOf(sqlText: string): QueryOperation {
  return (OPERATION.exec(sqlText)?.[1]?.toLowerCase() as QueryOperation | undefined) ?? 'other';
}

function sqlTextOf(query: unknown): string {
  if (typeof query === 'string') return query;
  const text = (query as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

type Queryable = { query: (...args: never[]) => Promise<unknown> };

/**
 * `client` (a pg Pool or a PGlite) whose promise-returning `query` reports each call's operation and
 * duration to the observers; everything else is the client itself (methods bound to it, so private
 * fields and `instanceof` keep working).
 */
export function withQueryTiming<T extends Queryable>(client: T, observers: readonly QueryObserver[]): T {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const timedQuery = async (...args: unknown[]) => {
    const started = process.hrtime.bigint();
    try {
      return await query(...args);
    } finally {
      const timing = {
        operation: queryOperationOf(sqlTextOf(args[0])),
        durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
      };
      for (const observe of observers) observe(timing);
    }
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'query') return timedQuery;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
