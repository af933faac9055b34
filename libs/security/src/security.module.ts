import { DynamicModule, Module } from '@nestjs/common';
import { Authenticator } from './auth/authenticator';
import { WriteAccessGuard } from './auth/write-access.guard';
import { JsonDepthGuard } from './http/json-depth.guard';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitStore } from './rate-limit/rate-limit.store';
import { RateLimitStoreErrorsMetric } from './rate-limit/rate-limit-store-errors.metric';
import { SECURITY_OPTIONS, type SecurityOptions } from './security.options';

/**
 * Who may write (API keys, optional JWTs), how often anyone may call (per-client read and write
 * limits, shared through Redis when configured) and a JSON depth limit; the per-request time limit,
 * headers, CORS and server limits are plain functions beside them. It registers nothing globally: the
 * composition root's request pipeline mounts each of them, in its order.
 */
@Module({})
export class SecurityModule {
  static forRoot(options: SecurityOptions): DynamicModule {
    return {
      module: SecurityModule,
      providers: [
        { provide: SECURITY_OPTIONS, useValue: options },
        RateLimitStoreErrorsMetric,
        RateLimitStore,
        Authenticator,
        RateLimitGuard,
        WriteAccessGuard,
        JsonDepthGuard,
      ],
      exports: [Authenticator, RateLimitGuard, WriteAccessGuard, JsonDepthGuard],
    };
  }
}
