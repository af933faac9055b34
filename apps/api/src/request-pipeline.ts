import { asDatabaseUnavailable } from '@app/database';
import { createValidationPipe, KnownRoutes, notFoundFallback, ProblemDetailsFilter } from '@app/http';
import { HttpObservationMiddleware, requestIdMiddleware } from '@app/observability';
import {
  applyServerLimits,
  corsOptions,
  JsonDepthGuard,
  RateLimitGuard,
  requestDeadline,
  securityHeaders,
  uriLengthLimit,
  WriteAccessGuard,
} from '@app/security';
import { type INestApplication, VersioningType } from '@nestjs/common';
import { json } from 'body-parser';
import cors from 'cors';
import type { Server } from 'node:http';
import type { AppConfig } from './config/env.schema';
import type { HttpPlatform } from './http-adapter/http-platform';
import { UNPREFIXED_PATHS } from './operational-routes';

/** JSON bodies: plain JSON for create/replace, merge patches for PATCH; anything else is left unread (415). */
const JSON_MEDIA_TYPES = ['application/json', 'application/merge-patch+json'];

/**
 * Everything that runs on a request, in the order it runs. Libraries export these pieces and register
 * nothing globally (eslint forbids APP_GUARD/APP_INTERCEPTOR/APP_FILTER/APP_PIPE under libs/), so this
 * file is the whole answer to "what happens to a request, and in which order", on every HTTP adapter: what
 * differs between Express and Fastify (their settings, route table, not-found handling) is the `platform`'s
 * (http-adapter/). Middleware are Node's own (req, res, next), so each runs alike on both. Call before `app.init()`.
 */
export function useRequestPipeline(app: INestApplication, config: AppConfig, routes: KnownRoutes): void {
  // Server: Node's own limits, before a request exists (slow or oversized heads get a 408/431 problem).
  applyServerLimits(app.getHttpServer() as Server, { requestTimeoutMs: config.REQUEST_TIMEOUT_MS });

  // The framework's own settings (trust proxy, query parser, no ETag, no X-Powered-By): the platform's createAdapter.

  // Middleware, before routing; all but the last run before any body is read.
  // 1. Request id first: every answer after it, an early refusal included, carries X-Request-ID.
  app.use(requestIdMiddleware);
  // 2. The request log and the RED metrics, next, from one listener per response: they log and count every
  //    request below, those refused by the defences (414, 413, 415, 404) too, with that id and their status.
  app.use(app.get(HttpObservationMiddleware).use);
  // 3. Request-target length: cheapest refusal (414), before headers are built or anything is parsed.
  app.use(uriLengthLimit());
  // 4. Security headers (CSP, nosniff, frame denial …): on every answer from here on, refusals included.
  app.use(securityHeaders());
  // 5. CORS: answers preflights itself, so before the body parser and the routes. The `cors` middleware on
  //    every adapter (what Express' enableCors mounts): Fastify's own would answer preflights before steps 1-4.
  app.use(cors(corsOptions(config.CORS_ORIGINS)));
  // 6. The JSON body parser, after the cheap checks: only requests past every one get their body read.
  //    body-parser (what express.json is) on every adapter: one set of limits and errors (400, 413, 415).
  app.use(json({ limit: config.BODY_LIMIT_BYTES, type: JSON_MEDIA_TYPES, strict: true }));
  // 7. The time limit, once the body is read (a slow upload is the server's 408): guards, handler and queries
  //    must answer within REQUEST_TIMEOUT_MS, else a 503 problem. One timer, not an interceptor: with no global
  //    interceptor Nest runs no rxjs chain per request, the largest single cost a profile priced (about a fifth).
  app.use(requestDeadline(config.REQUEST_TIMEOUT_MS));

  // Routing: /api/v1/…, the operational endpoints at the root.
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_PATHS });
  app.enableVersioning({ type: VersioningType.URI });

  // Guards, in this order, once a route matched.
  app.useGlobalGuards(
    // 1. Rate limit first: failed credential guesses count against the caller too.
    app.get(RateLimitGuard),
    // 2. Reads are public, writes need a key or a token with the write scope.
    app.get(WriteAccessGuard),
    // 3. JSON depth, only for callers allowed through: before the pipe or a merge patch recurses into the body.
    app.get(JsonDepthGuard),
  );
  // No global interceptor (see middleware 7 and the filter); routes may have their own (idempotent creates).
  // The one pipe: DTO validation of bodies and queries; a failure is one 400 problem naming every field.
  app.useGlobalPipes(createValidationPipe());
  // The one filter: every error raised on a route becomes problem+json (an unmatched method on a known path, 405);
  // driver errors ("the database did not answer") become a 503 problem first, whatever the route.
  app.useGlobalFilters(new ProblemDetailsFilter(app.getHttpAdapter(), routes, asDatabaseUnavailable));
}

/**
 * After `app.init()`: learns the routes (for 405 + Allow), then answers what no route (nor the Swagger UI)
 * matched with a problem+json 404 or 405 anywhere, not only under /api.
 */
export async function useNotFoundFallback(
  app: INestApplication,
  platform: HttpPlatform,
  routes: KnownRoutes,
): Promise<void> {
  routes.learn(platform.routes(app));
  await platform.useNotFoundFallback(app, notFoundFallback(routes));
}
