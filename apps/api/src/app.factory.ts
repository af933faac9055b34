import { KnownRoutes } from '@app/http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/env.schema';
import { httpPlatformOf } from './http-adapter/http-platform.factory';
import { setupOpenApi } from './openapi/openapi.setup';
import { useNotFoundFallback, useRequestPipeline } from './request-pipeline';

/** Builds and initialises the application without listening: main.ts listens, tests use it in process. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const platform = httpPlatformOf(config.HTTP_ADAPTER);
  const app = await NestFactory.create(
    AppModule.forRoot(config, { routeTemplateOf: platform.routeTemplateOf }),
    platform.createAdapter(config),
    {
      bodyParser: false,
      bufferLogs: true,
      logger: config.LOG_LEVEL === 'silent' ? false : undefined,
      abortOnError: false,
    },
  );
  // pino becomes Nest's logger, start-up lines included.
  app.useLogger(app.get(Logger));
  const routes = new KnownRoutes();
  useRequestPipeline(app, config, routes);
  setupOpenApi(app);
  await app.init();
  await useNotFoundFallback(app, platform, routes);
  return app;
}
