import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal';

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * The configured API keys, kept only as SHA-256 digests. A presented key is hashed and compared
 * with every stored digest in constant time, so neither its content nor which key it matched
 * shows in the response time.
 */
export class ApiKeyRing {
  private readonly digests: readonly Buffer[];

  constructor(keys: readonly string[]) {
    const unique = [...new Set(keys)];
    this.digests = unique.map(sha256);
  }

  get size(): number {
    return this.digests.length;
  }

  verify(presented: string): Principal | undefined {
    const digest = sha256(presented);
    let match: Buffer | undefined;
    for (const stored of this.digests) {
      // No early exit: every digest is compared whatever the outcome.
      if (timingSafeEqual(digest, stored)) match = stored;
    }
    return match === undefined ? undefined : { id: `key:${match.toString('hex').slice(0, 8)}` };
  }
}
