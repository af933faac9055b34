import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';

/** The Redis the shared-limit suites use; .ci/run sets it, and in CI those suites must run. */
export const REDIS_URL_TEST = process.env.REDIS_URL_TEST;

/** `describe` for suites that need Redis: skipped without REDIS_URL_TEST, a failure under CI=true. */
export const describeRedis: jest.Describe = (() => {
  if (REDIS_URL_TEST) return describe;
  if (process.env.CI === 'true') {
    return ((name: string) =>
      describe(name, () => {
        it('has REDIS_URL_TEST set', () => {
          throw new Error('CI=true but REDIS_URL_TEST is not set: the Redis suites must run in CI');
        });
      })) as unknown as jest.Describe;
  }
  return describe.skip;
})();

/** A key prefix no other run uses, and a way to delete everything under it afterwards. */
export function uniqueRedisPrefix(): { prefix: string; cleanup(): Promise<number> } {
  const prefix = `book-library-test:${randomBytes(6).toString('hex')}:`;
  return {
    prefix,
    async cleanup() {
      const redis = new Redis(REDIS_URL_TEST!, { lazyConnect: true });
      await redis.connect();
      try {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        return keys.length;
      } finally {
        redis.disconnect();
      }
    },
  };
}
