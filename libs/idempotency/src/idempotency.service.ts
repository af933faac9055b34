import { DomainError } from '@app/errors';
import { instanceOf, toProblem, type HttpRequest } from '@app/http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IdempotencyKeyInUseError } from './errors/idempotency-key-in-use.error';
import { IdempotencyKeyReusedError } from './errors/idempotency-key-reused.error';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IDEMPOTENCY_OPTIONS, IdempotencyOptions } from './idempotency.options';
import type { KeyScope, StoredResponse } from './stored-response';

/** Expired keys are also deleted in bulk this often (besides lazily, when one is used again). */
export const PURGE_INTERVAL_MS = 15 * 60_000;
/** Claiming races a concurrent release or expiry at most this many times before answering 409. */
const MAX_CLAIM_ATTEMPTS = 3;

export interface Claim {
  scope: KeyScope;
  token: string;
}

export type Admission = { kind: 'claimed'; claim: Claim } | { kind: 'replay'; response: StoredResponse };

/**
 * Idempotency-Key semantics (draft-ietf-httpapi-idempotency-key-header): the first request with a
 * key claims it in the database (visible to every replica) and stores its response; a retry with the
 * same body gets that response again, a different body 422, and a retry while the first still runs 409.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired(), PURGE_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  scopeOf(request: HttpRequest, key: string): KeyScope {
    return {
      client: this.options.clientOf?.(request) ?? '',
      method: request.method,
      path: instanceOf(request),
      key,
    };
  }

  /** Claims the key for this request, or says which stored response to replay; 409/422 otherwise. */
  async admit(scope: KeyScope, fingerprint: string): Promise<Admission> {
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const token = randomUUID();
      const { claimLeaseMs: leaseMs, ttlSeconds } = this.options;
      if (await this.keys.claim({ scope, fingerprint, token, leaseMs, ttlSeconds })) {
        return { kind: 'claimed', claim: { scope, token } };
      }
      const stored = await this.keys.find(scope);
      if (!stored) continue; // released in the meantime: claim again
      if (stored.expired) {
        await this.keys.deleteIfExpired(scope);
        continue;
      }
      if (stored.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(scope.key);
      if (stored.response) return { kind: 'replay', response: stored.response };
      if (!stored.claimAbandoned) break;
      if (await this.keys.takeOver(scope, token, leaseMs)) {
        this.logger.warn(`Idempotency-Key "${scope.key}": taking over a claim abandoned past its lease`);
        return { kind: 'claimed', claim: { scope, token } };
      }
    }
    throw new IdempotencyKeyInUseError(scope.key);
  }

  /** Stores the response of a claimed request (in the request's transaction, so it commits with its work). */
  async complete(claim: Claim, response: StoredResponse): Promise<void> {
    // Only if the claim was taken over after its lease: the work must then not commit.
    if (!(await this.keys.complete(claim.scope, claim.token, response)))
      throw new IdempotencyKeyInUseError(claim.scope.key);
  }

  /**
   * After a failed request: a client error (4xx) is the answer to that request and is stored, as the
   * draft says; anything else releases the key, so a retry runs the request again. Never throws.
   */
  async fail(claim: Claim, error: unknown): Promise<void> {
    try {
      const answer =
        error instanceof DomainError && !(error instanceof IdempotencyKeyInUseError)
          ? toProblem(error, claim.scope.path)
          : undefined;
      if (answer !== undefined && answer.problem.status < 500) {
        const { problem, headers } = answer;
        await this.keys.complete(claim.scope, claim.token, {
          status: problem.status,
          headers,
          body: JSON.stringify(problem),
        });
      } else {
        await this.keys.release(claim.scope, claim.token);
      }
    } catch (storeError) {
      // The database is likely down: the claim stays until its lease ends, then a retry takes it over.
      this.logger.warn({ err: storeError }, `Idempotency-Key "${claim.scope.key}": could not record the failure`);
    }
  }

  async purgeExpired(): Promise<number> {
    try {
      const purged = await this.keys.purgeExpired();
      if (purged > 0) this.logger.log(`Purged ${purged} expired idempotency keys`);
      return purged;
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not purge expired idempotency keys; next attempt at the next interval');
      return 0;
    }
  }
}
