import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestApp } from '../../support/test-app';
import { newApiKey } from '../../support/security/keys';
import { canonical, contentOf, expectedContent, isbnTakenByOther, StoredBook } from './catalogue-oracle';
import {
  BookBody,
  chaosBody,
  FRAGMENTS,
  garbageAuthorization,
  garbageHeader,
  hostileContentType,
  hostileId,
  invalidMutation,
  validBook,
  validField,
} from './hostile-values';
import { encodeComponent, RawHttp, RawRequest, RawResponse } from '../../support/security/raw-http';
import { APP_START_HOOK_TIMEOUT_MS } from '../../support/start-timeouts';

// Property-based hostile input against every operation of the books API, in process on a real
// listening port. Invariants, for every generated request: never a 5xx; every 4xx is problem+json;
// a successful write reads back exactly as the service accepted it (and as the documented
// normalisation predicts); a refused write changes nothing (full listing and target compared);
// no write ever succeeds without a valid key. FUZZ_SEED / FUZZ_RUNS vary the run.

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_105);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
const BOOKS = '/api/v1/books';
const MERGE_PATCH = 'application/merge-patch+json';
const KEY = newApiKey();

type Auth = 'x-api-key' | 'bearer' | 'none' | 'wrong-key' | 'garbage';
const VALID_AUTH: Auth[] = ['x-api-key', 'bearer'];

/** What a request must get: exactly these statuses, or anything that is not a 5xx. */
type Expectation = { statuses: number[] } | 'any';

class InvariantViolation extends Error {}

function violated(message: string, req: RawRequest, res: RawResponse): never {
  const body = req.body === undefined ? '' : ` body=${JSON.stringify(req.body.slice(0, 300))}`;
  throw new InvariantViolation(
    `${message}\n  request: ${req.method} ${req.path.slice(0, 300)} headers=${JSON.stringify(req.headers).slice(0, 400)}${body}` +
      `\n  response: ${res.status} ${res.text.slice(0, 500)}`,
  );
}

describe('hostile input (property-based)', () => {
  let app: INestApplication;
  let http: RawHttp;
  /** The whole catalogue as last read; refreshed after every accepted write. */
  let catalogue: StoredBook[];
  let target: StoredBook;
  /** The book deleteBook aims at; replaced once it is deleted. */
  let victim: StoredBook | undefined;
  let requests = 0;

  const send = async (req: RawRequest): Promise<RawResponse> => {
    requests++;
    const res = await http.send(req);
    checkEveryResponse(req, res);
    return res;
  };

  const listing = async (): Promise<StoredBook[]> => {
    const res = await http.send({ method: 'GET', path: `${BOOKS}?limit=100` });
    if (res.status !== 200) throw new Error(`listing failed: ${res.status} ${res.text}`);
    const items = (res.json as { items: StoredBook[]; nextCursor: string | null }).items;
    if ((res.json as { nextCursor: string | null }).nextCursor !== null) throw new Error('catalogue outgrew one page');
    return items;
  };

  const create = async (body: BookBody): Promise<StoredBook> => {
    const res = await http.send({
      method: 'POST',
      path: BOOKS,
      headers: { 'Content-Type': 'application/json', 'X-API-Key': KEY },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${res.text}`);
    return res.json as StoredBook;
  };

  beforeAll(async () => {
    app = await createTestApp({ API_KEYS: KEY });
    await app.listen(0, '127.0.0.1');
    http = new RawHttp((app.getHttpServer().address() as AddressInfo).port);
    // Titles that LIKE wildcards and escapes would match wrongly if they were not matched literally.
    for (const title of ['a%b', 'a_b', 'axb', 'aXb', '100% pure', 'under_score', 'back\\slash', "O'Reilly", 'plain']) {
      await create({ title, authors: ['Seed Author'], isbn: undefined });
    }
    target = await create({ title: 'Target', authors: ['T'], isbn: '978-0-441-17271-9', tags: ['target'] });
    catalogue = await listing();
  }, APP_START_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    http?.close();
    await app?.close();
    console.log(`hostile-input: ${requests} generated requests, seed ${SEED}, ${RUNS} runs per operation`);
  });

  /** Invariants every single response must satisfy. */
  function checkEveryResponse(req: RawRequest, res: RawResponse): void {
    if (res.status >= 500) violated(`5xx answer`, req, res);
    if (res.status >= 400) {
      if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
        violated('4xx without problem+json', req, res);
      const problem = res.json as { status?: unknown; type?: unknown; title?: unknown };
      if (problem?.status !== res.status || typeof problem.type !== 'string' || typeof problem.title !== 'string') {
        violated('malformed problem body', req, res);
      }
      if (/\bat .+\.(js|ts):\d+/.test(res.text)) violated('stack trace in a problem', req, res);
    }
    const requestId = res.headers['x-request-id'];
    if (typeof requestId !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(requestId)) {
      violated(`X-Request-ID missing or unsafe: ${String(requestId).slice(0, 50)}`, req, res);
    }
  }

  function checkExpectation(expectation: Expectation, req: RawRequest, res: RawResponse): void {
    if (expectation !== 'any' && !expectation.statuses.includes(res.status)) {
      violated(`expected ${expectation.statuses.join(' or ')}`, req, res);
    }
  }

  /** After a write: accepted → reads back exactly (and the catalogue is re-read); refused → nothing changed. */
  async function checkWriteOutcome(req: RawRequest, res: RawResponse, auth: Auth, expected?: Record<string, unknown>) {
    const succeeded = res.status >= 200 && res.status < 300;
    if (succeeded && !VALID_AUTH.includes(auth)) violated('a write succeeded without a valid key', req, res);
    if (!succeeded) {
      const after = await listing();
      if (JSON.stringify(after) !== JSON.stringify(catalogue))
        violated('a refused write changed the catalogue', req, res);
      return;
    }
    if (res.status !== 204) {
      const written = res.json as StoredBook;
      const readBack = await http.send({ method: 'GET', path: `${BOOKS}/${written.id}` });
      if (JSON.stringify(readBack.json) !== JSON.stringify(written))
        violated('stored book differs from the answer', req, readBack);
      if (expected && canonical(contentOf(written)) !== canonical(expected)) {
        violated(
          `stored content differs from the accepted input: expected ${JSON.stringify(expected).slice(0, 300)}`,
          req,
          res,
        );
      }
      if (res.headers.etag !== `"${written.version}"`) violated('ETag does not match the version', req, res);
    }
  }

  /** The catalogue after an accepted write, without another full read (the next refused write re-reads it). */
  const replaced = (book: StoredBook) => catalogue.map((b) => (b.id === book.id ? book : b));

  const authHeaders = (auth: Auth, garbage: string): Record<string, string> => {
    switch (auth) {
      case 'x-api-key':
        return { 'X-API-Key': KEY };
      case 'bearer':
        return { Authorization: `Bearer ${KEY}` };
      case 'none':
        return {};
      case 'wrong-key':
        return { 'X-API-Key': newApiKey() };
      case 'garbage':
        return { Authorization: garbage };
    }
  };

  const auth = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<Auth>(...VALID_AUTH) },
    { weight: 1, arbitrary: fc.constantFrom<Auth>('none', 'wrong-key', 'garbage') },
  );

  /** Headers that never change the outcome: a sane or insane request id, a fresh idempotency key. */
  const benignHeaders = fc.record({
    'X-Request-ID': fc.option(fc.oneof(fc.uuid(), garbageHeader), { nil: undefined }),
    idempotent: fc.boolean(),
  });

  const withBenign = (headers: Record<string, string>, benign: { 'X-Request-ID'?: string; idempotent: boolean }) => {
    const all = { ...headers };
    if (benign['X-Request-ID'] !== undefined) all['X-Request-ID'] = benign['X-Request-ID'];
    if (benign.idempotent) all['Idempotency-Key'] = randomUUID();
    return all;
  };

  /** The body of a write: valid (must be accepted), one invalid field (must be 400), or chaos (anything). */
  const writeBody = fc.oneof(
    { weight: 3, arbitrary: validBook.map((body) => ({ kind: 'valid' as const, body, text: JSON.stringify(body) })) },
    {
      weight: 3,
      arbitrary: fc.tuple(validBook, invalidMutation).map(([book, { field, value }]) => {
        const body = { ...book, [field]: value };
        return { kind: 'invalid' as const, body, text: JSON.stringify(body) };
      }),
    },
    { weight: 2, arbitrary: chaosBody.map((text) => ({ kind: 'chaos' as const, body: undefined, text })) },
  );

  /** Content-Type of a write: the right one, or something the endpoint must refuse with 415. */
  const contentType = (accepted: string) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(accepted, `${accepted}; charset=utf-8`, accepted.toUpperCase()) },
      { weight: 1, arbitrary: hostileContentType.map((type) => ({ hostile: type })) },
    );

  /** The statuses a write must get, given what was generated (in the order the service checks). */
  function writeExpectation(
    authUsed: Auth,
    type: string | { hostile: string },
    body: { kind: 'valid' | 'invalid' | 'chaos'; body?: BookBody },
    success: number,
    conflict: boolean,
  ): Expectation {
    if (body.kind === 'chaos') return 'any';
    if (typeof type !== 'string')
      return VALID_AUTH.includes(authUsed) ? { statuses: [415, 400] } : { statuses: [401, 415, 400] };
    if (!VALID_AUTH.includes(authUsed)) return { statuses: [401] };
    if (body.kind === 'invalid') return { statuses: [400] };
    return { statuses: [conflict ? 409 : success] };
  }

  const property = (name: string, arbitrary: fc.Arbitrary<unknown>, run: (value: never) => Promise<void>) =>
    it(`${name}: ${RUNS} generated requests`, async () => {
      try {
        await fc.assert(
          fc.asyncProperty(arbitrary, (value) => run(value as never)),
          { seed: SEED, numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK !== 'true' },
        );
      } catch (error) {
        const cause = (error as Error & { cause?: Error }).cause;
        throw new Error(
          `${name} failed with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}\n${cause?.message ?? ''}\n${(error as Error).message}`,
          { cause: error },
        );
      }
    }, 600_000);

  // Each property starts from the catalogue as it really is (a failed one may have left changes).
  beforeEach(async () => {
    catalogue = await listing();
    target = (await http.send({ method: 'GET', path: `${BOOKS}/${target.id}` })).json as StoredBook;
  });

  property(
    'listBooks',
    fc.record({
      params: fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              'limit',
              'cursor',
              'q',
              'author',
              'isbn',
              'language',
              'tag',
              'publishedYearFrom',
              'publishedYearTo',
              'sort',
            ),
            fc.constantFrom('evil', '__proto__', 'q[]', 'limit[0]', ''),
          ),
          fc.oneof(
            fc.constantFrom(
              ...FRAGMENTS,
              '%',
              '_',
              '\\',
              '-1',
              '0',
              '101',
              '1e3',
              '9999999999',
              '',
              '-createdAt',
              'title',
              'x'.repeat(1100),
            ),
            fc.string({ unit: 'binary', maxLength: 40 }),
            fc.string({ maxLength: 40 }).map((s) => Buffer.from(s).toString('base64url')),
          ),
        ),
        { maxLength: 4 },
      ),
      rawPercent: fc.boolean(),
    }),
    async ({ params, rawPercent }: { params: [string, string][]; rawPercent: boolean }) => {
      const query = params.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&');
      const req = { method: 'GET', path: `${BOOKS}?${query}${rawPercent ? '&q=%ZZ%' : ''}` };
      const res = await send(req);
      checkExpectation({ statuses: [200, 400, 414] }, req, res);
      if (res.status !== 200) return;
      const items = (res.json as { items: StoredBook[] }).items;
      // q is matched literally (wildcards escaped): every hit contains it, case-insensitively (checked for ASCII q).
      const qs = params.filter(([k]) => k === 'q');
      if (qs.length === 1 && !rawPercent && /^[\x20-\x7e]+$/.test(qs[0][1].trim())) {
        const q = qs[0][1].trim().toLowerCase();
        for (const book of items) {
          const text = [book.title as string, ...(book.authors as string[])].map((t) => t.toLowerCase());
          if (!text.some((t) => t.includes(q))) violated(`q=${q} matched a book without it: ${book.title}`, req, res);
        }
      }
    },
  );

  it('matches q, author and tag literally, never as LIKE patterns or SQL', async () => {
    const titles = async (query: string) => {
      const res = await send({ method: 'GET', path: `${BOOKS}?limit=100&${query}` });
      return ((res.json as { items: StoredBook[] }).items ?? []).map((b) => b.title).sort();
    };
    expect(await titles('q=%25')).toEqual(['100% pure', 'a%b']);
    expect(await titles('q=_')).toEqual(['a_b', 'under_score']);
    expect(await titles('q=a%25b')).toEqual(['a%b']);
    expect(await titles('q=a_b')).toEqual(['a_b']);
    expect(await titles(`q=${encodeComponent('\\')}`)).toEqual(['back\\slash']);
    expect(await titles(`q=${encodeComponent("O'Reilly")}`)).toEqual(["O'Reilly"]);
    expect(await titles(`q=${encodeComponent("' OR '1'='1")}`)).toEqual([]);
    expect(await titles(`author=${encodeComponent('%')}`)).toEqual([]);
    expect(await titles(`tag=${encodeComponent('_')}`)).toEqual([]);
  });

  property(
    'getBook',
    fc.record({
      id: fc.oneof(fc.constant('TARGET'), fc.constant(randomUUID()), hostileId),
      ifNoneMatch: fc.option(fc.oneof(fc.constant('CURRENT'), garbageHeader), { nil: undefined }),
      accept: fc.option(fc.constantFrom('text/html', 'application/xml', '*/*', 'garbage'), { nil: undefined }),
    }),
    async ({ id, ifNoneMatch, accept }: { id: string; ifNoneMatch?: string; accept?: string }) => {
      const headers: Record<string, string> = {};
      if (ifNoneMatch !== undefined)
        headers['If-None-Match'] = ifNoneMatch === 'CURRENT' ? `"${target.version}"` : ifNoneMatch;
      if (accept !== undefined) headers.Accept = accept;
      const req = { method: 'GET', path: `${BOOKS}/${id === 'TARGET' ? target.id : id}`, headers };
      const res = await send(req);
      if (id === 'TARGET') {
        checkExpectation({ statuses: ifNoneMatch === 'CURRENT' ? [304] : [200, 304] }, req, res);
        if (res.status === 200 && JSON.stringify(res.json) !== JSON.stringify(target))
          violated('read differs from the stored book', req, res);
      } else {
        checkExpectation({ statuses: [400, 404, 414] }, req, res);
      }
    },
  );

  property(
    'createBook',
    fc.record({
      auth,
      garbage: garbageAuthorization,
      type: contentType('application/json'),
      body: writeBody,
      benign: benignHeaders,
    }),
    async ({ auth: authUsed, garbage, type, body, benign }: WriteCase) => {
      const req: RawRequest = {
        method: 'POST',
        path: BOOKS,
        headers: withBenign(
          { ...authHeaders(authUsed, garbage), 'Content-Type': typeof type === 'string' ? type : type.hostile },
          benign,
        ),
        body: body.text,
      };
      const conflict = body.kind === 'valid' && isbnTakenByOther(body.body!, catalogue);
      const res = await send(req);
      checkExpectation(writeExpectation(authUsed, type, body, 201, conflict), req, res);
      await checkWriteOutcome(req, res, authUsed, body.kind === 'valid' ? expectedContent(body.body!) : undefined);
      if (res.status === 201) {
        // Keep the catalogue as it was (one page): the new book has been checked, it can go.
        const removed = await http.send({
          method: 'DELETE',
          path: `${BOOKS}/${(res.json as StoredBook).id}`,
          headers: { 'X-API-Key': KEY },
        });
        if (removed.status !== 204) violated('a created book could not be deleted', req, removed);
      }
    },
  );

  const ifMatch = fc.option(fc.oneof(fc.constantFrom('CURRENT', 'STALE'), garbageHeader), { nil: undefined });
  const ifMatchHeader = (value: string | undefined): Record<string, string> =>
    value === undefined
      ? {}
      : {
          'If-Match':
            value === 'CURRENT' ? `"${target.version}"` : value === 'STALE' ? `"${target.version + 7}"` : value,
        };
  /**
   * If-Match is checked after authentication and content type, and after the body's validation:
   * a stale ETag turns what would come later into 412; garbage may or may not match.
   */
  function withPrecondition(expectation: Expectation, value: string | undefined): Expectation {
    if (expectation === 'any' || value === undefined || value === 'CURRENT') return expectation;
    const checkedLater = (status: number) => status === 200 || status === 409;
    if (!expectation.statuses.some(checkedLater)) return expectation;
    return value === 'STALE' ? { statuses: [412] } : { statuses: [...expectation.statuses, 412] };
  }

  property(
    'replaceBook',
    fc.record({
      auth,
      garbage: garbageAuthorization,
      type: contentType('application/json'),
      body: writeBody,
      benign: benignHeaders,
      id: fc.oneof({ weight: 8, arbitrary: fc.constant('TARGET') }, { weight: 1, arbitrary: hostileId }),
      ifMatch,
    }),
    async ({
      auth: authUsed,
      garbage,
      type,
      body,
      benign,
      id,
      ifMatch: match,
    }: WriteCase & { id: string; ifMatch?: string }) => {
      const req: RawRequest = {
        method: 'PUT',
        path: `${BOOKS}/${id === 'TARGET' ? target.id : id}`,
        headers: withBenign(
          {
            ...authHeaders(authUsed, garbage),
            ...ifMatchHeader(match),
            'Content-Type': typeof type === 'string' ? type : type.hostile,
          },
          benign,
        ),
        body: body.text,
      };
      const conflict = body.kind === 'valid' && isbnTakenByOther(body.body!, catalogue, target.id);
      const res = await send(req);
      const expectation = writeExpectation(authUsed, type, body, 200, conflict);
      checkExpectation(
        id !== 'TARGET' ? 'any' : typeof type === 'string' ? withPrecondition(expectation, match) : expectation,
        req,
        res,
      );
      if (match === 'STALE' && res.status === 200) violated('a stale If-Match was ignored', req, res);
      await checkWriteOutcome(req, res, authUsed, body.kind === 'valid' ? expectedContent(body.body!) : undefined);
      if (res.status === 200) {
        target = res.json as StoredBook;
        catalogue = replaced(target);
      }
    },
  );

  const validPatch = fc.record(
    {
      title: validField.title,
      authors: validField.authors,
      isbn: fc.oneof(validField.isbn, fc.constant(null)),
      publishedYear: fc.oneof(validField.publishedYear, fc.constant(null)),
      language: fc.oneof(validField.language, fc.constant(null)),
      pageCount: fc.oneof(validField.pageCount, fc.constant(null)),
      description: fc.oneof(validField.description, fc.constant(null)),
      tags: fc.oneof(validField.tags, fc.constant(null)),
    },
    { requiredKeys: [] },
  );

  property(
    'updateBook',
    fc.record({
      auth,
      garbage: garbageAuthorization,
      type: contentType(MERGE_PATCH),
      body: fc.oneof(
        {
          weight: 3,
          arbitrary: validPatch.map((body) => ({
            kind: 'valid' as const,
            body: body as BookBody,
            text: JSON.stringify(body),
          })),
        },
        {
          weight: 3,
          arbitrary: invalidMutation.map(({ field, value }) => {
            // In a merge patch null removes an optional field, so null is only invalid for required ones.
            const body = { [field]: value };
            const kind =
              value === null && !['title', 'authors'].includes(field) ? ('chaos' as const) : ('invalid' as const);
            return { kind, body, text: JSON.stringify(body) };
          }),
        },
        { weight: 2, arbitrary: chaosBody.map((text) => ({ kind: 'chaos' as const, body: undefined, text })) },
      ),
      benign: benignHeaders,
      ifMatch,
    }),
    async ({ auth: authUsed, garbage, type, body, benign, ifMatch: match }: WriteCase & { ifMatch?: string }) => {
      const req: RawRequest = {
        method: 'PATCH',
        path: `${BOOKS}/${target.id}`,
        headers: withBenign(
          {
            ...authHeaders(authUsed, garbage),
            ...ifMatchHeader(match),
            'Content-Type': typeof type === 'string' ? type : type.hostile,
          },
          benign,
        ),
        body: body.text,
      };
      const merged = body.kind === 'valid' ? mergePatch(contentOf(target), body.body!) : undefined;
      const conflict = merged !== undefined && isbnTakenByOther(merged, catalogue, target.id);
      const res = await send(req);
      const expectation = writeExpectation(authUsed, type, body, 200, conflict);
      checkExpectation(typeof type === 'string' ? withPrecondition(expectation, match) : expectation, req, res);
      if (match === 'STALE' && res.status === 200) violated('a stale If-Match was ignored', req, res);
      await checkWriteOutcome(req, res, authUsed, merged && expectedContent(merged));
      if (res.status === 200) {
        target = res.json as StoredBook;
        catalogue = replaced(target);
      }
    },
  );

  property(
    'deleteBook',
    fc.record({
      auth,
      garbage: garbageAuthorization,
      benign: benignHeaders,
      id: fc.oneof(fc.constant('VICTIM'), fc.constant(randomUUID()), hostileId),
      ifMatch: fc.option(fc.oneof(fc.constantFrom('CURRENT', 'STALE'), garbageHeader), { nil: undefined }),
    }),
    async ({ auth: authUsed, garbage, benign, id, ifMatch: match }: DeleteCase) => {
      if (victim === undefined) {
        victim = await create({ title: `Victim ${randomUUID()}`, authors: ['V'] });
        catalogue = await listing();
      }
      const headers = withBenign({ ...authHeaders(authUsed, garbage) }, benign);
      if (match !== undefined)
        headers['If-Match'] = match === 'CURRENT' ? `"${victim.version}"` : match === 'STALE' ? '"99"' : match;
      const req: RawRequest = { method: 'DELETE', path: `${BOOKS}/${id === 'VICTIM' ? victim.id : id}`, headers };
      const res = await send(req);
      if (id !== 'VICTIM')
        checkExpectation(VALID_AUTH.includes(authUsed) ? { statuses: [400, 404, 414] } : 'any', req, res);
      else if (!VALID_AUTH.includes(authUsed)) checkExpectation({ statuses: [401] }, req, res);
      else if (id === 'VICTIM' && (match === undefined || match === 'CURRENT'))
        checkExpectation({ statuses: [204] }, req, res);
      else if (id === 'VICTIM' && match === 'STALE') checkExpectation({ statuses: [412] }, req, res);
      else checkExpectation('any', req, res);
      await checkWriteOutcome(req, res, authUsed);
      if (res.status === 204) {
        const gone = await http.send({ method: 'GET', path: `${BOOKS}/${victim.id}` });
        if (gone.status !== 404) violated('a deleted book can still be read', req, gone);
        catalogue = catalogue.filter((b) => b.id !== victim!.id);
        victim = undefined;
      }
    },
  );
});

interface DeleteCase {
  auth: Auth;
  garbage: string;
  benign: { 'X-Request-ID'?: string; idempotent: boolean };
  id: string;
  ifMatch?: string;
}

interface WriteCase {
  auth: Auth;
  garbage: string;
  type: string | { hostile: string };
  body: { kind: 'valid' | 'invalid' | 'chaos'; body?: BookBody; text: string };
  benign: { 'X-Request-ID'?: string; idempotent: boolean };
}

/** RFC 7396 on a flat document (the book's fields): null removes, anything else replaces. */
function mergePatch(current: Record<string, unknown>, patch: BookBody): BookBody {
  const merged: BookBody = { ...current };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}
