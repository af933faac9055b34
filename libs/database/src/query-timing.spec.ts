import { QueryTiming, queryOperationOf, withQueryTiming } from './query-timing';

class FakeClient {
  #secret = 'private';
  readonly queries: unknown[] = [];

  async query(query: unknown, _params?: unknown[]): Promise<{ rows: unknown[] }> {
    this.queries.push(query);
    if (query === 'boom') throw new Error('boom');
    return { rows: [this.#secret] };
  }

  secret(): string {
    return this.#secret;
  }
}

describe('queryOperationOf', () => {
  it.each([
    ['select "id" from "books" where "id" = $1', 'select'],
    ['  INSERT INTO books VALUES ($1)', 'insert'],
    ['update "books" set "title" = $1', 'update'],
    ['delete from "books"', 'delete'],
    ['CREATE TABLE x ()', 'other'],
    ['selection', 'other'],
    ['', 'other'],
  ])('%s → %s', (sql, operation) => {
    expect(queryOperationOf(sql)).toBe(operation);
  });
});

describe('withQueryTiming', () => {
  it("reports each query's operation and duration, whether it is text or a pg config object", async () => {
    const timings: QueryTiming[] = [];
    const client = withQueryTiming(new FakeClient(), [(t) => timings.push(t)]);
    await client.query('select 1');
    await client.query({ text: 'insert into books default values' }, []);
    expect(timings).toEqual([
      { operation: 'select', durationSeconds: expect.any(Number) },
      { operation: 'insert', durationSeconds: expect.any(Number) },
    ]);
    expect(timings.every((t) => t.durationSeconds >= 0 && t.durationSeconds < 5)).toBe(true);
  });

  it('reports failed queries too, and passes the failure on', async () => {
    const timings: QueryTiming[] = [];
    const client = withQueryTiming(new FakeClient(), [(t) => timings.push(t)]);
    await expect(client.query('boom')).rejects.toThrow('boom');
    expect(timings).toHaveLength(1);
  });

  it('is otherwise the client itself: instanceof, private fields, other methods', async () => {
    const observers: ((t: QueryTiming) => void)[] = [];
    const client = withQueryTiming(new FakeClient(), observers);
    expect(client).toBeInstanceOf(FakeClient);
    expect(client.secret()).toBe('private');
    expect(await client.query('select 1')).toEqual({ rows: ['private'] });
    // Observers added later (when the app wires its metrics) are told too.
    const late = jest.fn();
    observers.push(late);
    await client.query('select 2');
    expect(late).toHaveBeenCalledWith(expect.objectContaining({ operation: 'select' }));
  });
});
