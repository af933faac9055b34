import { resolve, sep } from 'node:path';

// apps/api/src/openapi → apps/api; compiled, dist/apps/api/src/openapi → the same apps/api of the source tree.
const appRoot = resolve(__dirname, '..', '..').replace(`${sep}dist${sep}`, sep);

/** The committed contract. */
export const OPENAPI_PATH = resolve(appRoot, 'openapi.json');
