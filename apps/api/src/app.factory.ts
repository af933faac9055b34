import { KnownRoutes } from '@app/http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/env.schema';
import { setupOpenApi } from './openapi/openapi.setup';
import { useNotFoundFallback, useRequestPipeline } from './request-pipeline';

/** Builds and initialises the application without listening: main.ts listens, tests use it in process. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
    logger: config.LOG_LEVEL === 'silent' ? false : undefined,
    abortOnError: false,
  });
  // pino becomes Nest's logger, start-up lines included.
  app.useLogger(app.get(Logger));
  const routes = new KnownRoutes();
  useRequestPipeline(app, config, routes);
  setupOpenApi(app);
  await app.init();
  useNotFoundFallback(app, routes);
  return app;
}
