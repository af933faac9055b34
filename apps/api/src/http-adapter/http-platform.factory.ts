import type { HttpPlatform } from './http-platform';

/** The platform the service runs on, loaded on demand. */
export function httpPlatformOf(): HttpPlatform {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when chosen
  return (require('./express.adapter') as typeof import('./express.adapter')).expressPlatform;
}
