/** Who is calling: `key:<first 8 hex of the key's SHA-256>` or `jwt:<sub>`; never the credential itself. */
export interface Principal {
  readonly id: string;
  /** OAuth2 scopes of a JWT; API keys carry none (a key may do everything a key may do). */
  readonly scopes?: readonly string[];
}

/** Kept beside the request, not on it: the request object is the HTTP framework's (Express' or Fastify's). */
const principals = new WeakMap<object, Principal>();

/** Set by the security layer once a credential is verified (also on reads that send one). */
export function recordPrincipal(request: object, principal: Principal): void {
  principals.set(request, principal);
}

/** The verified caller of this request, if it sent a valid credential. */
export function principalOf(request: object): Principal | undefined {
  return principals.get(request);
}
