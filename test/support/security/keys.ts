import { createHash, randomBytes } from 'node:crypto';

/** A fresh random API key (64 hex characters), so no run reuses another's key or Redis counters. */
export const newApiKey = (): string => randomBytes(32).toString('hex');

/** The principal id the service derives from a key. */
export const keyPrincipal = (key: string): string =>
  `key:${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
