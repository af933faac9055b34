import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Authenticator } from '../auth/authenticator';
import { RateLimitedError } from '../errors/rate-limited.error';
import type { SecurityOptions } from '../security.options';
import { accessOf, RateLimitGuard } from './rate-limit.guard';

const READS = 2;
const WRITES = 1;

class ExampleController {
  handle(): void {}
}

/** The guard as SecurityModule builds it: one throttler whose limit depends on the kind of request. */
async function guardFor(principal?: string): Promise<RateLimitGuard> {
  const options: ThrottlerModuleOptions = {
    throttlers: [
      { ttl: 60_000, limit: (context: ExecutionContext) => (accessOf(context) === 'write' ? WRITES : READS) },
    ],
  };
  const authenticator = {
    authenticate: async () =>
      principal ? { outcome: 'authenticated', principal: { id: principal } } : { outcome: 'anonymous' },
  } as unknown as Authenticator;
  // The limits themselves come from the throttler options above; the guard reads only isUnlimited here.
  const security: Pick<SecurityOptions, 'rateLimit'> = {
    rateLimit: {
      readPerMinute: READS,
      writePerMinute: WRITES,
      keyPrefix: 't:',
      isUnlimited: (path) => path === '/health',
    },
  };
  const guard = new RateLimitGuard(options, new ThrottlerStorageService(), new Reflector(), authenticator, security);
  await guard.onModuleInit();
  return guard;
}

/** Calls the guard for one request; resolves with the headers it set, or rejects as the guard did. */
async function call(guard: RateLimitGuard, method: string, { path = '/api/v1/books', ip = '10.0.0.1' } = {}) {
  const headers: Record<string, string> = {};
  const context = {
    getType: () => 'http',
    getHandler: () => ExampleController.prototype.handle,
    getClass: () => ExampleController,
    switchToHttp: () => ({
      getRequest: () => ({ method, path, ip, headers: {} }),
      getResponse: () => ({ header: (name: string, value: unknown) => void (headers[name] = String(value)) }),
    }),
  } as unknown as ExecutionContext;
  await guard.canActivate(context);
  return headers;
}

describe('RateLimitGuard', () => {
  it('counts reads per client and says what is left in the RateLimit headers', async () => {
    const guard = await guardFor();
    expect(await call(guard, 'GET')).toEqual({
      'RateLimit-Limit': String(READS),
      'RateLimit-Remaining': '1',
      'RateLimit-Reset': '60',
    });
    await call(guard, 'GET');
    await expect(call(guard, 'GET')).rejects.toBeInstanceOf(RateLimitedError);
    // Another IP has its own window.
    await expect(call(guard, 'GET', { ip: '10.0.0.2' })).resolves.toMatchObject({ 'RateLimit-Remaining': '1' });
  });

  it('counts writes apart from reads, at their own limit, as a 429 naming the limit', async () => {
    const guard = await guardFor();
    await call(guard, 'GET');
    await expect(call(guard, 'POST')).resolves.toMatchObject({ 'RateLimit-Limit': String(WRITES) });
    await expect(call(guard, 'DELETE')).rejects.toMatchObject({ limit: WRITES });
  });

  it('tracks an authenticated client by its principal, whatever its IP', async () => {
    const guard = await guardFor('key:ci');
    await call(guard, 'POST', { ip: '10.0.0.1' });
    await expect(call(guard, 'POST', { ip: '10.0.0.9' })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('never limits a path the options call unlimited', async () => {
    const guard = await guardFor();
    for (let i = 0; i < READS + 3; i++) await expect(call(guard, 'GET', { path: '/health' })).resolves.toEqual({});
  });
});
