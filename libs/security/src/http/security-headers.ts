import { instanceOf } from '@app/http';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The Swagger UI; the only HTML the service serves. */
const DOCS_PATH = /^\/docs(\/|$)/i;

const common: HelmetOptions = {
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Behind TLS-terminating ingress in production; browsers ignore it over plain HTTP.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
};

const noEmbedding = {
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** JSON only: a response must never load or run anything, nor be framed. */
export const API_CSP = { defaultSrc: ["'none'"], ...noEmbedding };

/**
 * Swagger UI (@nestjs/swagger 12) loads its scripts from /docs as files (no inline script), but its
 * page has inline <style> blocks and style attributes, and its CSS uses data: images; so only there
 * styles may be inline. Scripts stay 'self' only.
 */
export const DOCS_CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  ...noEmbedding,
};

/** helmet's headers (nosniff, no X-Powered-By, frame denial …) with a CSP per kind of response. */
export function securityHeaders(): (
  request: IncomingMessage & { originalUrl?: string },
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  const api = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: API_CSP } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } });
  return (request, response, next) => (DOCS_PATH.test(instanceOf(request)) ? docs : api)(request, response, next);
}
