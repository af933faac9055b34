import { Database, idempotencyKeys } from '@app/database';
import { Injectable } from '@nestjs/common';
import { and, eq, isNull, lte, SQL, sql } from 'drizzle-orm';
import { IdempotencyKeysRepository, NewClaim, StoredKey } from './idempotency-keys.repository';
import type { KeyScope, StoredResponse } from './stored-response';

const secondsFromNow = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

function sameKey(scope: KeyScope): SQL {
  return and(
    eq(idempotencyKeys.client, scope.client),
    eq(idempotencyKeys.method, scope.method),
    eq(idempotencyKeys.path, scope.path),
    eq(idempotencyKeys.key, scope.key),
  )!;
}

/** Runs in the caller's transaction when there is one (Database.db), so a stored response commits with its work. */
@Injectable()
export class DrizzleIdempotencyKeysRepository extends IdempotencyKeysRepository {
  constructor(private readonly database: Database) {
    super();
  }

  private get db() {
    return this.database.db;
  }

  async claim({ scope, fingerprint, token, leaseMs, ttlSeconds }: NewClaim): Promise<boolean> {
    const inserted = await this.db
      .insert(idempotencyKeys)
      .values({
        ...scope,
        fingerprint,
        claimToken: token,
        lockedUntil: secondsFromNow(leaseMs / 1000),
        expiresAt: secondsFromNow(ttlSeconds),
      })
      .onConflictDoNothing()
      .returning({ token: idempotencyKeys.claimToken });
    return inserted.length > 0;
  }

  async find(scope: KeyScope): Promise<StoredKey | null> {
    const [row] = await this.db
      .select({
        fingerprint: idempotencyKeys.fingerprint,
        status: idempotencyKeys.responseStatus,
        headers: idempotencyKeys.responseHeaders,
        body: idempotencyKeys.responseBody,
        expired: sql<boolean>`${idempotencyKeys.expiresAt} <= now()`,
        claimAbandoned: sql<boolean>`${idempotencyKeys.lockedUntil} <= now()`,
      })
      .from(idempotencyKeys)
      .where(sameKey(scope))
      .limit(1);
    if (!row) return null;
    return {
      fingerprint: row.fingerprint,
      response: row.status === null ? null : { status: row.status, headers: row.headers ?? {}, body: row.body ?? '' },
      expired: row.expired,
      claimAbandoned: row.status === null && row.claimAbandoned,
    };
  }

  async takeOver(scope: KeyScope, token: string, leaseMs: number): Promise<boolean> {
    const taken = await this.db
      .update(idempotencyKeys)
      .set({ claimToken: token, lockedUntil: secondsFromNow(leaseMs / 1000) })
      .where(and(sameKey(scope), isNull(idempotencyKeys.responseStatus), lte(idempotencyKeys.lockedUntil, sql`now()`)))
      .returning({ token: idempotencyKeys.claimToken });
    return taken.length > 0;
  }

  async complete(scope: KeyScope, token: string, response: StoredResponse): Promise<boolean> {
    const stored = await this.db
      .update(idempotencyKeys)
      .set({ responseStatus: response.status, responseHeaders: response.headers, responseBody: response.body })
      .where(and(sameKey(scope), eq(idempotencyKeys.claimToken, token), isNull(idempotencyKeys.responseStatus)))
      .returning({ token: idempotencyKeys.claimToken });
    return stored.length > 0;
  }

  async release(scope: KeyScope, token: string): Promise<void> {
    await this.db
      .delete(idempotencyKeys)
      .where(and(sameKey(scope), eq(idempotencyKeys.claimToken, token), isNull(idempotencyKeys.responseStatus)));
  }

  async deleteIfExpired(scope: KeyScope): Promise<void> {
    await this.db.delete(idempotencyKeys).where(and(sameKey(scope), lte(idempotencyKeys.expiresAt, sql`now()`)));
  }

  async purgeExpired(): Promise<number> {
    const purged = await this.db
      .delete(idempotencyKeys)
      .where(lte(idempotencyKeys.expiresAt, sql`now()`))
      .returning({ key: idempotencyKeys.key });
    return purged.length;
  }
}
