import type { INestApplication } from '@nestjs/common';
import { newApiKey } from '../support/security/keys';
import { createTestApp } from '../support/test-app';
import { checkServerAgainstContract, type PropertyBudget } from './contract-property';
import { deref, loadContract, type OpenApiDocument, operationsOf, type Schema } from './openapi-document';

// Requests generated from the committed contract, sent over HTTP to the real app (in process, on PGlite):
// every answer is a declared status whose body and headers validate against the contract, and none is a 5xx.

const BUDGET: PropertyBudget = { runsPerOperation: 60, statefulRuns: 30, maxCommands: 25, timeLimitMs: 40_000 };
const SMALL: PropertyBudget = { runsPerOperation: 30, statefulRuns: 5, maxCommands: 10, timeLimitMs: 20_000, seed: 18 };

describe('the server against its contract, with generated requests', () => {
  const apiKey = newApiKey();
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createTestApp({ API_KEYS: apiKey });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  }, 60_000);
  afterAll(() => app?.close());

  it('answers every schema-valid request with a declared status and a conforming body, never a 5xx', async () => {
    const started = Date.now();
    const { failures, statuses } = await checkServerAgainstContract(loadContract(), baseUrl, apiKey, BUDGET);
    process.stdout.write(`contract property suite, ${Date.now() - started} ms: ${JSON.stringify(statuses)}\n`);
    expect(failures).toEqual([]);
    // Every operation was really exercised: each got at least one success, not only refusals.
    for (const { operationId } of operationsOf(loadContract())) {
      const succeeded = Object.keys(statuses[operationId] ?? {}).some((status) => status.startsWith('2'));
      expect([operationId, succeeded]).toEqual([operationId, true]);
    }
  }, 110_000);

  describe('can fail: a contract that no longer matches the server is reported', () => {
    const getBook = (document: OpenApiDocument) => {
      const get = operationsOf(document).find((op) => op.method === 'GET' && op.path.includes('{'));
      if (!get) throw new Error('no item read in the contract');
      return get.operation;
    };

    it('a status the server sends but the contract no longer declares (404 on the item read)', async () => {
      const planted = loadContract();
      delete getBook(planted).responses['404'];
      const { failures } = await checkServerAgainstContract(planted, baseUrl, apiKey, SMALL);
      expect(failures.join('\n')).toMatch(/→ 404: status 404 is not declared/);
    }, 60_000);

    it('a response property whose declared type differs from what the server sends (title as an integer)', async () => {
      const planted = loadContract();
      const ok = getBook(planted).responses['200'];
      const schema = deref<Schema>(planted, deref(planted, ok).content!['application/json'].schema!);
      (schema.properties as Record<string, Schema>).title = { type: 'integer' };
      const { failures } = await checkServerAgainstContract(planted, baseUrl, apiKey, SMALL);
      expect(failures.join('\n')).toMatch(/→ 20[01]: \/title must be integer/);
    }, 60_000);
  });
});
