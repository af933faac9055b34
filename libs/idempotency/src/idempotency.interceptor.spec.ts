import type { Database } from '@app/database';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of, throwError } from 'rxjs';
import { ReplayedProblemError } from './errors/replayed-problem.error';
import { IDEMPOTENCY_REPLAYED_HEADER, IdempotencyInterceptor } from './idempotency.interceptor';
import type { Admission, Claim, IdempotencyService } from './idempotency.service';
import { requestFingerprint } from './request-fingerprint';
import type { StoredResponse } from './stored-response';

const SCOPE = { client: 'anonymous', method: 'POST', path: '/api/v1/books', key: 'k-1' };
const CLAIM: Claim = { scope: SCOPE, token: 'token-1' };

/** A fake response (Express' or Fastify's): the status Nest set before interceptors run, and the headers set since. */
function fakeResponse(statusCode = 201) {
  const headers: Record<string, string> = {};
  const response = {
    statusCode,
    headers,
    getHeader: (name: string) => headers[name],
    header(name: string, value: string) {
      headers[name] = value;
      return response;
    },
  };
  return response;
}

function setup(admission: Admission, requestHeaders: Record<string, string> = { 'idempotency-key': 'k-1' }) {
  const request = { headers: requestHeaders, body: { title: 'Dune' } };
  const response = fakeResponse();
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  const transactions: string[] = [];
  const idempotency = {
    scopeOf: jest.fn(() => SCOPE),
    admit: jest.fn(async () => admission),
    complete: jest.fn(async (claim: Claim, stored: StoredResponse) => {
      transactions.push('complete');
      return [claim, stored];
    }),
    fail: jest.fn(async () => undefined),
  };
  const database = {
    transaction: async <T>(work: () => Promise<T>) => {
      transactions.push('begin');
      const result = await work();
      transactions.push('commit');
      return result;
    },
  } as unknown as Database;
  const interceptor = new IdempotencyInterceptor(idempotency as unknown as IdempotencyService, database);
  return { interceptor, context, request, response, idempotency, transactions };
}

const handlerAnswering = (body: unknown, onRun?: () => void): CallHandler & { runs: number } => {
  const handler = {
    runs: 0,
    handle: () => {
      handler.runs++;
      onRun?.();
      return of(body);
    },
  };
  return handler;
};

describe('IdempotencyInterceptor', () => {
  it('passes a request without Idempotency-Key straight to the handler', async () => {
    const { interceptor, context, idempotency } = setup({ kind: 'claimed', claim: CLAIM }, {});
    const handler = handlerAnswering({ id: 1 });
    await expect(lastValueFrom(interceptor.intercept(context, handler))).resolves.toEqual({ id: 1 });
    expect(idempotency.admit).not.toHaveBeenCalled();
    expect(handler.runs).toBe(1);
  });

  it("admits the key with the body's fingerprint, and stores the first answer in the handler's transaction", async () => {
    const { interceptor, context, request, response, idempotency, transactions } = setup({
      kind: 'claimed',
      claim: CLAIM,
    });
    const handler = handlerAnswering({ id: 'b-1' }, () => {
      response.header('Location', '/api/v1/books/b-1');
      response.header('X-Request-Id', 'not-a-result-header');
    });

    await expect(lastValueFrom(interceptor.intercept(context, handler))).resolves.toEqual({ id: 'b-1' });

    expect(idempotency.admit).toHaveBeenCalledWith(SCOPE, requestFingerprint(request.body));
    expect(idempotency.complete).toHaveBeenCalledWith(CLAIM, {
      status: 201,
      headers: { Location: '/api/v1/books/b-1' },
      body: JSON.stringify({ id: 'b-1' }),
    });
    expect(transactions).toEqual(['begin', 'complete', 'commit']);
  });

  it('answers a stored success again without running the handler, marked as a replay', async () => {
    const stored = { status: 201, headers: { Location: '/api/v1/books/b-1' }, body: '{"id":"b-1"}' };
    const { interceptor, context, response } = setup({ kind: 'replay', response: stored });
    const handler = handlerAnswering({ id: 'other' });

    await expect(lastValueFrom(interceptor.intercept(context, handler))).resolves.toEqual({ id: 'b-1' });
    expect(handler.runs).toBe(0);
    expect(response.headers).toEqual({ Location: '/api/v1/books/b-1', [IDEMPOTENCY_REPLAYED_HEADER]: 'true' });
  });

  it('answers a stored client error again through the exception filter', async () => {
    const problem = { type: 'https://example.test/problems/duplicate-isbn', title: 'Duplicate ISBN', status: 409 };
    const stored = { status: 409, headers: {}, body: JSON.stringify(problem) };
    const { interceptor, context } = setup({ kind: 'replay', response: stored });

    await expect(lastValueFrom(interceptor.intercept(context, handlerAnswering(undefined)))).rejects.toBeInstanceOf(
      ReplayedProblemError,
    );
  });

  it('releases the claim with the error when the handler fails, and rethrows it', async () => {
    const { interceptor, context, idempotency } = setup({ kind: 'claimed', claim: CLAIM });
    const failure = new Error('handler failed');
    const failing: CallHandler = { handle: () => throwError(() => failure) };

    await expect(lastValueFrom(interceptor.intercept(context, failing))).rejects.toBe(failure);
    expect(idempotency.fail).toHaveBeenCalledWith(CLAIM, failure);
    expect(idempotency.complete).not.toHaveBeenCalled();
  });
});
