import type { AppConfig } from '../config/env.schema';
import type { HttpPlatform } from './http-platform';

/** The platform HTTP_ADAPTER names, loaded on demand: an Express service never loads Fastify (~0.2 s), nor the reverse. */
export function httpPlatformOf(adapter: AppConfig['HTTP_ADAPTER']): HttpPlatform {
  switch (adapter) {
    case 'express':
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen (see above)
      return (require('./express.adapter') as typeof import('./express.adapter')).expressPlatform;
    case 'fastify':
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen (see above)
      return (require('./fastify.adapter') as typeof import('./fastify.adapter')).fastifyPlatform;
  }
}
