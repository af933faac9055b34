import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import { Authenticator } from '../auth/authenticator';
import { isWrite } from '../auth/write-access.guard';
import { RateLimitedError } from '../errors/rate-limited.error';
import { SECURITY_OPTIONS, type SecurityOptions } from '../security.options';

/**
 * @nestjs/throttler's guard, per client and per kind (reads, writes): the client is the verified
 * principal if the request has a valid credential, else its IP (X-Forwarded-For only when the app
 * trusts a proxy). Runs before the write guard, so failed key guesses are limited too. Headers use
 * the IETF draft names (RateLimit-Limit/-Remaining/-Reset); a refusal is a 429 problem with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Inject(SECURITY_OPTIONS) private readonly security: Pick<SecurityOptions, 'rateLimit'>,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return this.security.rateLimit.isUnlimited?.(context.switchToHttp().getRequest<Request>().path) ?? false;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as Request;
    const authentication = await this.authenticator.authenticate(request);
    if (authentication.outcome === 'authenticated') return authentication.principal.id;
    return `ip:${normalizeIp(request.ip ?? 'unknown', this.ipv6SubnetPrefix)}`;
  }

  /** One counter per client and kind, whatever the route: the limits are per client, not per endpoint. */
  protected override generateKey(context: ExecutionContext, tracker: string): string {
    return `${accessOf(context)}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(detail.limit, detail.timeToBlockExpire);
  }
}

export type Access = 'read' | 'write';

export const accessOf = (context: ExecutionContext): Access =>
  isWrite(context.switchToHttp().getRequest<Request>()) ? 'write' : 'read';
