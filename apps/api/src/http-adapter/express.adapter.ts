import type { RegisteredRoute } from '@app/http';
import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express, { type Request } from 'express';
import { METHODS } from 'node:http';
import type { AppConfig } from '../config/env.schema';
import type { HttpPlatform, NodeHandler } from './http-platform';

/** Express 5's router: a layer per middleware or route; a route has its path template and methods. */
type ExpressRouter = { stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] };

/** The default (HTTP_ADAPTER=express): @nestjs/platform-express. The only file that knows Express. */
export const expressPlatform: HttpPlatform = {
  createAdapter(config: AppConfig): ExpressAdapter {
    // Express loaded here, by require: OpenTelemetry's Express instrumentation (tracing.ts) patches it then,
    // and names server spans by route template.
    const app = express();
    // One proxy hop: the ingress' X-Forwarded-For entry is the client the rate limiter counts.
    app.set('trust proxy', config.TRUST_PROXY ? 1 : false);
    app.disable('x-powered-by');
    // Entity tags are the resource version, set by the controller; Express' body hashes would contradict them.
    app.set('etag', false);
    app.set('query parser', 'simple');
    return new ExpressAdapter(app);
  },

  routeTemplateOf(req) {
    const { baseUrl, route } = req as Partial<Pick<Request, 'baseUrl'>> & { route?: { path?: unknown } };
    return typeof route?.path === 'string' ? `${baseUrl ?? ''}${route.path}` : undefined;
  },

  /** The routes of Express' router; not the catch-alls (`all()`: every method) Nest answers unmatched requests with. */
  routes(app: INestApplication): RegisteredRoute[] {
    const { router } = app.getHttpAdapter().getInstance() as { router: ExpressRouter };
    return router.stack.flatMap(({ route }) => {
      const methods = route ? Object.keys(route.methods) : [];
      return route && typeof route.path === 'string' && methods.length < METHODS.length
        ? [{ path: route.path, methods }]
        : [];
    });
  },

  /** Nest mounts its not-found handler under the global prefix only: the fallback answers every other path. */
  async useNotFoundFallback(app: INestApplication, fallback: NodeHandler): Promise<void> {
    app.use(fallback);
  },
};
