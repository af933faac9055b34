import { DynamicModule, Global, Module } from '@nestjs/common';
import { DrizzleIdempotencyKeysRepository } from './drizzle-idempotency-keys.repository';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_OPTIONS, IdempotencyOptions } from './idempotency.options';
import { IdempotencyService } from './idempotency.service';

/** Idempotency-Key support for any route marked @Idempotent(). Global: the interceptor runs in its route's module. Needs DatabaseModule. */
@Global()
@Module({})
export class IdempotencyModule {
  static forRoot(options: IdempotencyOptions): DynamicModule {
    return {
      module: IdempotencyModule,
      providers: [
        { provide: IDEMPOTENCY_OPTIONS, useValue: options },
        { provide: IdempotencyKeysRepository, useClass: DrizzleIdempotencyKeysRepository },
        IdempotencyService,
        IdempotencyInterceptor,
      ],
      exports: [IdempotencyService, IdempotencyInterceptor],
    };
  }
}
