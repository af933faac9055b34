import type { ExecutionContext } from '@nestjs/common';
import type { Authenticator } from '../auth/authenticator';
import type { SecurityOptions } from '../security.options';
import { Registry } from 'prom-client';
import { RateLimitedError } from '../errors/rate-limited.error';
import { RateLimitStoreErrorsMetric } from './rate-limit-store-errors.metric';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStore } from './rate-limit.store';

const rateLimit = {
  readPerMinute: 2,
  writePerMinute: 1,
  keyPrefix: 't:',
  isUnlimited: (path: string) => path === '/health',
};

function guard() {
  const options = { apiKeys: [], rateLimit } as SecurityOptions;
  const anonymous = { authenticate: async () => ({ outcome: 'anonymous' }) } as unknown as Authenticator;
  return new RateLimitGuard(
    options,
    new RateLimitStore(options, new RateLimitStoreErrorsMetric(new Registry())),
    anonymous,
  );
}

function call(target: RateLimitGuard, method: string, path = '/api/v1/books', ip = '10.0.0.1') {
  const headers: Record<string, string> = {};
  const context = {
    getType: () => 'http',
    switchToHttp: () => ({
      getRequest: () => ({ method, url: `${path}?limit=5`, ip, headers: {} }),
      getResponse: () => ({ header: (name: string, value: string) => void (headers[name] = value) }),
    }),
  } as unknown as ExecutionContext;
  return { result: target.canActivate(context), headers };
}

describe('RateLimitGuard', () => {
  it('counts reads per client and says what is left in the RateLimit headers', async () => {
    const target = guard();
    const first = call(target, 'GET');
    await expect(first.result).resolves.toBe(true);
    expect(first.headers).toEqual({ 'RateLimit-Limit': '2', 'RateLimit-Remaining': '1', 'RateLimit-Reset': '60' });
    await call(target, 'GET').result;
    await expect(call(target, 'GET').result).rejects.toBeInstanceOf(RateLimitedError);
    // Another client has its own window.
    await expect(call(target, 'GET', '/api/v1/books', '10.0.0.2').result).resolves.toBe(true);
  });

  it('counts writes apart from reads, at their own limit', async () => {
    const target = guard();
    await call(target, 'GET').result;
    await expect(call(target, 'POST').result).resolves.toBe(true);
    const refused = call(target, 'DELETE').result;
    await expect(refused).rejects.toMatchObject({ code: 'RATE_LIMITED', limit: 1 });
  });

  it('never limits what the route table says is unlimited', async () => {
    const target = guard();
    for (let i = 0; i < 5; i++) {
      const { result, headers } = call(target, 'GET', '/health');
      await expect(result).resolves.toBe(true);
      expect(headers).toEqual({});
    }
  });
});
