import { DynamicModule, Module } from '@nestjs/common';
import { getOptionsToken, getStorageToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { Authenticator } from './auth/authenticator';
import { WriteAccessGuard } from './auth/write-access.guard';
import { JsonDepthGuard } from './http/json-depth.guard';
import { RequestTimeoutInterceptor } from './http/request-timeout.interceptor';
import { accessOf, RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitStore } from './rate-limit/rate-limit.store';
import { RateLimitStoreErrorsMetric } from './rate-limit/rate-limit-store-errors.metric';
import { SECURITY_OPTIONS, type SecurityOptions } from './security.options';

const MINUTE_MS = 60_000;

function throttlerOptions({ rateLimit }: SecurityOptions): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        ttl: MINUTE_MS,
        limit: (context: ExecutionContext) =>
          accessOf(context) === 'write' ? rateLimit.writePerMinute : rateLimit.readPerMinute,
      },
    ],
  };
}

/**
 * Who may write (API keys, optional JWTs), how often anyone may call (per-client read and write
 * limits, shared through Redis when configured), a per-request time limit and a JSON depth limit.
 * It registers nothing globally: the composition root's request pipeline mounts the guards, the
 * interceptor, the headers, CORS and the server limits, in its order.
 */
@Module({})
export class SecurityModule {
  static forRoot(options: SecurityOptions): DynamicModule {
    return {
      module: SecurityModule,
      providers: [
        { provide: SECURITY_OPTIONS, useValue: options },
        { provide: getOptionsToken(), useValue: throttlerOptions(options) },
        RateLimitStoreErrorsMetric,
        RateLimitStore,
        { provide: getStorageToken(), useExisting: RateLimitStore },
        Authenticator,
        RateLimitGuard,
        WriteAccessGuard,
        JsonDepthGuard,
        RequestTimeoutInterceptor,
      ],
      exports: [Authenticator, RateLimitGuard, WriteAccessGuard, JsonDepthGuard, RequestTimeoutInterceptor],
    };
  }
}
