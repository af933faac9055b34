import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { corsOptions } from './cors';
import { securityHeaders } from './security-headers';
import { applyServerLimits } from './server-limits';
import { uriLengthLimit } from './uri-length.middleware';

export interface SecureHttpOptions {
  /** Honour X-Forwarded-For from one proxy hop (the ingress); otherwise the socket address is the client. */
  trustProxy: boolean;
  corsOrigins: readonly string[];
  requestTimeoutMs: number;
}

/**
 * The HTTP-level defences, mounted before the body parser: proxy trust (for the rate limiter's
 * client IP), request target length, security headers, CORS allow-list, server time/size limits.
 */
export function secureHttp(app: NestExpressApplication, options: SecureHttpOptions): void {
  // One hop: the address the ingress appended is the client; anything a client sent before it is ignored.
  app.set('trust proxy', options.trustProxy ? 1 : false);
  app.disable('x-powered-by');
  app.use(uriLengthLimit());
  app.use(securityHeaders());
  app.enableCors(corsOptions(options.corsOrigins));
  applyServerLimits(app.getHttpServer() as Server, { requestTimeoutMs: options.requestTimeoutMs });
}
