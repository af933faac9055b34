import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface.js';

/** What a browser client on an allowed origin may send and read. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'X-API-Key',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
  'X-Request-ID',
];
export const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'X-Request-ID',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'Retry-After',
];

/** Only origins on the allow-list (CORS_ORIGINS) get CORS headers; the default list is empty. */
export function corsOptions(allowedOrigins: readonly string[]): CorsOptions {
  const allowed = new Set(allowedOrigins);
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    // Credentials travel in headers, never cookies.
    credentials: false,
    maxAge: 600,
  };
}
