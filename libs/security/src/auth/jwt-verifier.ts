import type * as Jose from 'jose';
import type { JWTPayload } from 'jose';
import { AuthenticationUnavailableError } from '../errors/authentication-unavailable.error';
import { InvalidCredentialsError } from '../errors/invalid-credentials.error';
import type { Principal } from './principal';

export interface JwtOptions {
  /** The identity provider's JSON Web Key Set. */
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** Asymmetric signatures only: a JWKS holds public keys, and `none` or HMAC must never verify. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** jose, loaded by the first verifier: only AUTH_JWKS_URL needs it, and it would cost every other start-up. */
let joseModule: typeof Jose | undefined;
function jose(): typeof Jose {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (joseModule ??= require('jose') as typeof Jose);
}

/** Three base64url segments: worth verifying as a JWT rather than comparing as an API key. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);

/** Failures of the key set itself (unreachable, bad answer), as opposed to a bad token. */
function isKeySetFailure(error: unknown): boolean {
  const { errors } = jose();
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC'
  );
}

function scopesOf(payload: JWTPayload): string[] {
  // `scope` is a space-separated string (RFC 8693); some providers send an `scp` array instead.
  if (typeof payload.scope === 'string') return payload.scope.split(' ').filter(Boolean);
  if (Array.isArray(payload.scp)) return payload.scp.filter((s): s is string => typeof s === 'string');
  return [];
}

/** OAuth2/OIDC bearer tokens, verified against the provider's JWKS (cached by jose). */
export class JwtVerifier {
  private readonly keySet: ReturnType<typeof Jose.createRemoteJWKSet>;

  constructor(private readonly options: JwtOptions) {
    this.keySet = jose().createRemoteJWKSet(new URL(options.jwksUrl), {
      timeoutDuration: 3_000,
      cooldownDuration: 30_000,
    });
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jose().jwtVerify(token, this.keySet, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      }));
    } catch (error) {
      if (isKeySetFailure(error)) throw new AuthenticationUnavailableError();
      throw new InvalidCredentialsError('The bearer token is not valid for this API');
    }
    return { id: `jwt:${payload.sub}`, scopes: scopesOf(payload) };
  }
}
