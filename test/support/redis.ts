import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { describeWhenSet } from './describe-when-set';

/** The Redis the shared-limit suites use; .ci/run sets it, and in CI those suites must run. */
export const REDIS_URL_TEST = process.env.REDIS_URL_TEST;

/** `describe` for suites that need Redis (see describeWhenSet). */
export const describeRedis = describeWhenSet({ REDIS_URL_TEST });

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
