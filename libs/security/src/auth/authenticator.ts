import { DomainError } from '@app/errors';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { HttpRequest } from '@app/http';
import { SECURITY_OPTIONS, type SecurityOptions } from '../security.options';
import { ApiKeyRing } from './api-key-ring';
import { InvalidCredentialsError } from '../errors/invalid-credentials.error';
import { JwtVerifier, looksLikeJwt } from './jwt-verifier';
import { recordPrincipal, type Principal } from './principal';

/** What the request's credentials amount to: none, a verified principal, or a rejection to answer a write with. */
export type Authentication =
  | { readonly outcome: 'anonymous' }
  | { readonly outcome: 'authenticated'; readonly principal: Principal }
  | { readonly outcome: 'rejected'; readonly error: DomainError };

const ANONYMOUS: Authentication = { outcome: 'anonymous' };
const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * Verifies the credentials a request carries (`X-API-Key` and `Authorization: Bearer`), once per
 * request: the rate limiter and the write guard both ask. Never logs or echoes a credential.
 */
@Injectable()
export class Authenticator implements OnModuleInit {
  private readonly logger = new Logger('Security');
  private readonly keys: ApiKeyRing;
  private readonly jwt?: JwtVerifier;
  private readonly results = new WeakMap<HttpRequest, Promise<Authentication>>();

  constructor(@Inject(SECURITY_OPTIONS) options: SecurityOptions) {
    this.keys = new ApiKeyRing(options.apiKeys);
    this.jwt = options.jwt ? new JwtVerifier(options.jwt) : undefined;
  }

  /** No key and no identity provider: anyone may write (refused in production by the config layer). */
  get writesAreOpen(): boolean {
    return this.keys.size === 0 && this.jwt === undefined;
  }

  onModuleInit(): void {
    if (this.writesAreOpen) {
      this.logger.warn(
        'NO API KEYS CONFIGURED: anyone can create, change and delete books. Set API_KEYS or API_KEYS_FILE ' +
          '(start-up refuses this with NODE_ENV=production).',
      );
    } else {
      this.logger.log(`Writes need credentials: ${this.keys.size} API key(s)${this.jwt ? ' or a JWT' : ''}`);
    }
  }

  authenticate(request: HttpRequest): Promise<Authentication> {
    let result = this.results.get(request);
    if (result === undefined) {
      result = this.verify(request).then((authentication) => {
        if (authentication.outcome === 'authenticated') recordPrincipal(request, authentication.principal);
        return authentication;
      });
      this.results.set(request, result);
    }
    return result;
  }

  /**
   * One rule for several credentials: every credential presented must be valid, whatever else is presented.
   * Both valid: the X-API-Key's principal acts (a key carries every right a key has).
   */
  private async verify(request: HttpRequest): Promise<Authentication> {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    const byApiKey = typeof apiKey === 'string' ? this.verifyApiKey(apiKey) : ANONYMOUS;
    if (byApiKey.outcome === 'rejected') return byApiKey;
    const byBearer = typeof authorization === 'string' ? await this.verifyAuthorization(authorization) : ANONYMOUS;
    if (byBearer.outcome === 'rejected') return byBearer;
    return byApiKey.outcome === 'authenticated' ? byApiKey : byBearer;
  }

  private async verifyAuthorization(authorization: string): Promise<Authentication> {
    const bearer = BEARER.exec(authorization);
    if (!bearer)
      return { outcome: 'rejected', error: new InvalidCredentialsError('Use `Authorization: Bearer <key>`') };
    const token = bearer[1];
    const byKey = this.keys.verify(token);
    if (byKey) return { outcome: 'authenticated', principal: byKey };
    if (this.jwt && looksLikeJwt(token)) {
      try {
        return { outcome: 'authenticated', principal: await this.jwt.verify(token) };
      } catch (error) {
        if (error instanceof DomainError) return { outcome: 'rejected', error };
        throw error;
      }
    }
    return { outcome: 'rejected', error: new InvalidCredentialsError() };
  }

  private verifyApiKey(presented: string): Authentication {
    const principal = this.keys.verify(presented);
    return principal
      ? { outcome: 'authenticated', principal }
      : { outcome: 'rejected', error: new InvalidCredentialsError() };
  }
}
