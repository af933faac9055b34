import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import { instanceOf, type HttpRequest, type HttpResponse } from '@app/http';
import { Authenticator } from '../auth/authenticator';
import { isWrite } from '../auth/write-access.guard';
import { RateLimitedError } from '../errors/rate-limited.error';
import { SECURITY_OPTIONS, type SecurityOptions } from '../security.options';
import { RateLimitStore } from './rate-limit.store';

/** The limits are per minute. */
const WINDOW_MS = 60_000;

export type Access = 'read' | 'write';

/**
 * Per client and per kind (reads, writes): the client is the verified principal if the request has a
 * valid credential, else its IP (X-Forwarded-For only when the app trusts a proxy). Runs before the write
 * guard, so failed key guesses are limited too. Headers use the IETF draft names (RateLimit-Limit/-Remaining/
 * -Reset); a refusal is a 429 problem with Retry-After. The limits are the same for every route, so they are
 * read once here (@nestjs/throttler's guard looked up six metadata keys and awaited seven times per request).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limits: Record<Access, number>;
  private readonly isUnlimited: (path: string) => boolean;

  constructor(
    @Inject(SECURITY_OPTIONS) { rateLimit }: Pick<SecurityOptions, 'rateLimit'>,
    private readonly store: RateLimitStore,
    private readonly authenticator: Authenticator,
  ) {
    this.limits = { read: rateLimit.readPerMinute, write: rateLimit.writePerMinute };
    this.isUnlimited = rateLimit.isUnlimited ?? (() => false);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    if (this.isUnlimited(instanceOf(request))) return true;
    const access: Access = isWrite(request) ? 'write' : 'read';
    const limit = this.limits[access];
    // One counter per client and kind, whatever the route: the limits are per client, not per endpoint.
    const key = `${access}:${await this.clientOf(request)}`;
    const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = await this.store.increment(key, WINDOW_MS, limit);
    if (isBlocked) throw new RateLimitedError(limit, timeToBlockExpire);
    const response = http.getResponse<HttpResponse>();
    response.header('RateLimit-Limit', String(limit));
    response.header('RateLimit-Remaining', String(Math.max(0, limit - totalHits)));
    response.header('RateLimit-Reset', String(timeToExpire));
    return true;
  }

  private async clientOf(request: HttpRequest): Promise<string> {
    const authentication = await this.authenticator.authenticate(request);
    if (authentication.outcome === 'authenticated') return authentication.principal.id;
    return `ip:${normalizeIp(request.ip ?? 'unknown')}`;
  }
}
