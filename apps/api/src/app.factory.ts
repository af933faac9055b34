import { VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { notFoundFallback } from '@app/http';
import { useObservability } from '@app/observability';
import { secureHttp } from '@app/security';
import { json } from 'express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/env.schema';
import { setupOpenApi } from './openapi/openapi.setup';

/** Operational endpoints stay at the root, outside /api and its version prefix. */
export const UNPREFIXED_PATHS = ['health', 'ready', 'metrics'];

/** JSON bodies: plain JSON for create/replace, merge patches for PATCH; anything else is left unread (415). */
const JSON_MEDIA_TYPES = ['application/json', 'application/merge-patch+json'];

/** Builds and initialises the application without listening: main.ts listens, tests use it in process. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    logger: config.LOG_LEVEL === 'silent' ? false : undefined,
    abortOnError: false,
  });
  configureHttp(app, config);
  setupOpenApi(app);
  await app.init();
  // After init, so it runs only when no route matched.
  app.use(notFoundFallback());
  return app;
}

export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  // First: request id, request log and metrics must see every request, those the body parser rejects too.
  useObservability(app);
  // Then the HTTP defences (proxy trust, URL length, headers, CORS, server limits), before any body is read.
  secureHttp(app, {
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
  });
  app.disable('x-powered-by');
  // Entity tags are the resource version, set by the controller; Express' body hashes would contradict them.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(json({ limit: config.BODY_LIMIT_BYTES, type: JSON_MEDIA_TYPES, strict: true }));
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_PATHS });
  app.enableVersioning({ type: VersioningType.URI });
}
