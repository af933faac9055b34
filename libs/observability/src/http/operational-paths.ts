import type { IncomingMessage } from 'node:http';
import { pathOf } from './route-template';

/** Probes and scrapes: frequent and uninteresting, so they are neither counted nor logged at info. */
export const OPERATIONAL_PATHS: readonly string[] = ['/health', '/ready', '/metrics'];

/** Express matches paths case-insensitively and ignores one trailing slash; so does this. */
export function isOperationalRequest(req: IncomingMessage, paths: readonly string[] = OPERATIONAL_PATHS): boolean {
  const path = pathOf(req)
    .toLowerCase()
    .replace(/(.)\/$/, '$1');
  return paths.includes(path);
}
