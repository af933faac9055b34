import type { Attempt } from '../support/chaos/chaos-load';
import { failureViolations } from './steady-state';

// The hypothesis checks the chaos experiments rest on, shown to fail on what they must catch.

const at = 1_000_000;
const attempt = (overrides: Partial<Attempt>): Attempt => ({
  at,
  kind: 'write',
  status: 201,
  fromProxy: false,
  retryAfter: null,
  ms: 50,
  ...overrides,
});
const cut = { from: at - 1_000, to: at + 1_000 };

describe('failureViolations ("5xx only while the database is cut, and only as 503 with Retry-After")', () => {
  it('accepts 2xx, a 409 for a key in use, a 503 + Retry-After during a cut and a proxy 502 during a replica loss', () => {
    expect(
      failureViolations(
        [
          attempt({}),
          attempt({ status: 200, kind: 'read' }),
          attempt({ status: 409 }),
          attempt({ status: 503, retryAfter: '5' }),
          attempt({ status: 502, fromProxy: true }),
          attempt({ status: 0 }),
        ],
        { databaseDown: [cut], replicaLost: [cut] },
      ),
    ).toEqual([]);
  });

  it.each([
    ['a 500 from the app', attempt({ status: 500 }), /write 500 .* is not 503 \+ Retry-After/],
    ['a 503 without Retry-After', attempt({ status: 503 }), /is not 503 \+ Retry-After/],
    [
      'a 503 while the database was up',
      attempt({ status: 503, retryAfter: '5', at: at + 5_000 }),
      /while the database was up/,
    ],
    ['a proxy 502 with no replica lost', attempt({ status: 502, fromProxy: true }), /outside a replica loss/],
    ['no response at all', attempt({ status: 0, at: at + 5_000 }), /write no response/],
    ['a client error the load never provokes', attempt({ status: 422 }), /a client error the load never provokes/],
  ])('reports %s', (_what, bad, finding) => {
    expect(failureViolations([bad], { databaseDown: [cut] })).toEqual([expect.stringMatching(finding)]);
  });

  it('judges an attempt by its whole span: one that started before the fault and failed in it is allowed', () => {
    const longWrite = attempt({ status: 502, fromProxy: true, at: at - 3_000, ms: 2_500 });
    expect(failureViolations([longWrite], { replicaLost: [cut] })).toEqual([]);
    expect(failureViolations([{ ...longWrite, ms: 1_000 }], { replicaLost: [cut] })).toHaveLength(1);
  });
});
