import type { KeyScope, StoredResponse } from './stored-response';

export interface StoredKey {
  fingerprint: string;
  /** Null while the first request is still being processed. */
  response: StoredResponse | null;
  /** Past its retention: to be treated as never used. */
  expired: boolean;
  /** In progress, but past its lease: its holder is presumed dead. */
  claimAbandoned: boolean;
}

export interface NewClaim {
  scope: KeyScope;
  fingerprint: string;
  token: string;
  leaseMs: number;
  ttlSeconds: number;
}

/**
 * Storage of Idempotency-Keys, shared by every replica (times are the database's, so replicas'
 * clocks do not matter). A claim is held by its random token; only the holder completes or releases it.
 */
export abstract class IdempotencyKeysRepository {
  /** Records the key as in progress; false when a row for it already exists. */
  abstract claim(claim: NewClaim): Promise<boolean>;
  abstract find(scope: KeyScope): Promise<StoredKey | null>;
  /** Takes an abandoned claim over (a still-running holder keeps it); true when taken. */
  abstract takeOver(scope: KeyScope, token: string, leaseMs: number): Promise<boolean>;
  /** Stores the response of the claim held by `token`; false when it is no longer held. */
  abstract complete(scope: KeyScope, token: string, response: StoredResponse): Promise<boolean>;
  /** Forgets the claim held by `token`, so that a retry runs the request again. */
  abstract release(scope: KeyScope, token: string): Promise<void>;
  /** Deletes the key if it is past its retention. */
  abstract deleteIfExpired(scope: KeyScope): Promise<void>;
  /** Deletes every key past its retention; returns how many. */
  abstract purgeExpired(): Promise<number>;
}
