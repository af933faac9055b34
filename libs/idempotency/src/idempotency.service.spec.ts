import { ValidationFailedError, type HttpRequest } from '@app/http';
import { DatabaseUnavailableError } from '@app/database';
import { Logger } from '@nestjs/common';
import { IdempotencyKeyInUseError } from './errors/idempotency-key-in-use.error';
import { IdempotencyKeyReusedError } from './errors/idempotency-key-reused.error';
import { IdempotencyKeysRepository, NewClaim, StoredKey } from './idempotency-keys.repository';
import { IdempotencyService } from './idempotency.service';
import type { KeyScope, StoredResponse } from './stored-response';

interface Row {
  fingerprint: string;
  holder: string;
  lockedUntil: number;
  expiresAt: number;
  response: StoredResponse | null;
}

/** The repository's contract in memory, on a clock the test moves. */
class InMemoryKeys extends IdempotencyKeysRepository {
  readonly rows = new Map<string, Row>();
  now = 0;
  failing = false;
  private id = (s: KeyScope) => JSON.stringify(s);
  private check() {
    if (this.failing) throw new DatabaseUnavailableError();
  }

  async claim({ scope, fingerprint, token: holder, leaseMs, ttlSeconds }: NewClaim) {
    this.check();
    if (this.rows.has(this.id(scope))) return false;
    this.rows.set(this.id(scope), {
      fingerprint,
      holder,
      lockedUntil: this.now + leaseMs,
      expiresAt: this.now + ttlSeconds * 1000,
      response: null,
    });
    return true;
  }
  async find(scope: KeyScope): Promise<StoredKey | null> {
    const row = this.rows.get(this.id(scope));
    if (!row) return null;
    return {
      fingerprint: row.fingerprint,
      response: row.response,
      expired: row.expiresAt <= this.now,
      claimAbandoned: row.response === null && row.lockedUntil <= this.now,
    };
  }
  async takeOver(scope: KeyScope, holder: string, leaseMs: number) {
    const row = this.rows.get(this.id(scope));
    if (!row || row.response || row.lockedUntil > this.now) return false;
    Object.assign(row, { holder, lockedUntil: this.now + leaseMs });
    return true;
  }
  async complete(scope: KeyScope, holder: string, response: StoredResponse) {
    this.check();
    const row = this.rows.get(this.id(scope));
    if (!row || row.holder !== holder || row.response) return false;
    row.response = response;
    return true;
  }
  async release(scope: KeyScope, holder: string) {
    this.check();
    if (this.rows.get(this.id(scope))?.holder === holder) this.rows.delete(this.id(scope));
  }
  async deleteIfExpired(scope: KeyScope) {
    if ((this.rows.get(this.id(scope))?.expiresAt ?? Infinity) <= this.now) this.rows.delete(this.id(scope));
  }
  async purgeExpired() {
    this.check();
    const expired = [...this.rows].filter(([, row]) => row.expiresAt <= this.now);
    expired.forEach(([id]) => this.rows.delete(id));
    return expired.length;
  }
}

const scope: KeyScope = { client: '', method: 'POST', path: '/api/v1/books', key: 'k1' };
const created: StoredResponse = { status: 201, headers: { Location: '/api/v1/books/1' }, body: '{"id":"1"}' };

describe('IdempotencyService', () => {
  let keys: InMemoryKeys;
  let service: IdempotencyService;
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    keys = new InMemoryKeys();
    service = new IdempotencyService(keys, { ttlSeconds: 60, claimLeaseMs: 10_000 });
  });

  async function claimed() {
    const admission = await service.admit(scope, 'f1');
    if (admission.kind !== 'claimed') throw new Error('expected a claim');
    return admission.claim;
  }

  it('claims a new key, then replays its stored response for the same body', async () => {
    const claim = await claimed();
    await service.complete(claim, created);
    expect(await service.admit(scope, 'f1')).toEqual({ kind: 'replay', response: created });
  });

  it('answers 409 while the first request is in progress, and 422 for another body', async () => {
    await claimed();
    await expect(service.admit(scope, 'f1')).rejects.toBeInstanceOf(IdempotencyKeyInUseError);
    await expect(service.admit(scope, 'f2')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('treats an expired key as new', async () => {
    await service.complete(await claimed(), created);
    keys.now += 60_000;
    const admission = await service.admit(scope, 'f2');
    expect(admission.kind).toBe('claimed');
  });

  it('lets a retry take over a claim abandoned past its lease; the old holder can no longer complete', async () => {
    const abandoned = await claimed();
    keys.now += 10_000;
    const admission = await service.admit(scope, 'f1');
    expect(admission.kind).toBe('claimed');
    await expect(service.complete(abandoned, created)).rejects.toBeInstanceOf(IdempotencyKeyInUseError);
  });

  it('stores a client error as the answer, and releases the key after a server error', async () => {
    const first = await claimed();
    await service.fail(first, new ValidationFailedError([{ field: 'title', message: 'is required' }]));
    const replay = await service.admit(scope, 'f1');
    expect(replay).toMatchObject({ kind: 'replay', response: { status: 400, headers: {} } });
    expect(JSON.parse((replay as { response: StoredResponse }).response.body)).toEqual({
      type: 'https://book-library.dev/problems/validation-failed',
      title: 'Your request is not valid',
      status: 400,
      detail: 'title: is required',
      instance: '/api/v1/books',
      errors: [{ field: 'title', message: 'is required' }],
    });

    const other = { ...scope, key: 'k2' };
    const admission = await service.admit(other, 'f1');
    if (admission.kind !== 'claimed') throw new Error('expected a claim');
    await service.fail(admission.claim, new DatabaseUnavailableError());
    expect(keys.rows.size).toBe(1); // released: a retry runs the request again
    expect((await service.admit(other, 'f1')).kind).toBe('claimed');
  });

  it('leaves a key it lost to a takeover to the new holder, and survives a database down while recording a failure', async () => {
    const lost = await claimed();
    keys.now += 10_000;
    await service.admit(scope, 'f1'); // taken over
    await service.fail(lost, new IdempotencyKeyInUseError('k1'));
    const row = keys.rows.get(JSON.stringify(scope))!;
    expect(row.response).toBeNull();
    expect(row.holder).not.toBe(lost.token);
    keys.failing = true;
    await expect(service.fail(lost, new Error('boom'))).resolves.toBeUndefined();
  });

  it('gives up with 409 when the key keeps changing under it', async () => {
    jest.spyOn(keys, 'claim').mockResolvedValue(false);
    jest.spyOn(keys, 'find').mockResolvedValue(null);
    await expect(service.admit(scope, 'f1')).rejects.toBeInstanceOf(IdempotencyKeyInUseError);
    expect(keys.claim).toHaveBeenCalledTimes(3);
  });

  it('purges expired keys, and reports 0 when the database is down', async () => {
    await service.complete(await claimed(), created);
    keys.now += 60_000;
    expect(await service.purgeExpired()).toBe(1);
    keys.failing = true;
    expect(await service.purgeExpired()).toBe(0);
  });

  it('schedules the purge at bootstrap and stops it at shutdown', () => {
    jest.useFakeTimers();
    try {
      const purge = jest.spyOn(service, 'purgeExpired').mockResolvedValue(0);
      service.onApplicationBootstrap();
      jest.advanceTimersByTime(15 * 60_000);
      expect(purge).toHaveBeenCalledTimes(1);
      service.onModuleDestroy();
      jest.advanceTimersByTime(15 * 60_000);
      expect(purge).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('scopes keys to the client, the method and the path (without the query)', () => {
    const request = { method: 'POST', originalUrl: '/api/v1/books?x=1', headers: {} } as HttpRequest;
    expect(service.scopeOf(request, 'k')).toEqual({ client: '', method: 'POST', path: '/api/v1/books', key: 'k' });
    const scoped = new IdempotencyService(keys, { ttlSeconds: 1, claimLeaseMs: 1, clientOf: () => 'client-7' });
    expect(scoped.scopeOf(request, 'k').client).toBe('client-7');
  });
});
