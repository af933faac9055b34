import type { Request } from 'express';

/** Who is calling: `key:<first 8 hex of the key's SHA-256>` or `jwt:<sub>`; never the credential itself. */
export interface Principal {
  readonly id: string;
  /** OAuth2 scopes of a JWT; API keys carry none (a key may do everything a key may do). */
  readonly scopes?: readonly string[];
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the security layer once a credential is verified (also on reads that send one). */
    principal?: Principal;
  }
}

/** The verified caller of this request, if it sent a valid credential. */
export function principalOf(request: Request): Principal | undefined {
  return request.principal;
}
