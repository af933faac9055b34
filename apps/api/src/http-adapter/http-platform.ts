import type { RegisteredRoute } from '@app/http';
import type { RouteTemplateResolver } from '@app/observability';
import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '../config/env.schema';

/** A request handler on Node's own request and response, as the not-found fallback is. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * What differs between the HTTP frameworks under the one request pipeline (request-pipeline.ts): one
 * implementation per HTTP_ADAPTER, each in its own file, and no other file names a framework.
 */
export interface HttpPlatform {
  /**
   * Nest's adapter with the framework's settings: one trusted proxy hop (TRUST_PROXY) or none, simple
   * query strings (no nested objects), no entity tags or X-Powered-By of its own, and no body read by the
   * framework itself (the pipeline's JSON parser reads them, the same on every adapter).
   */
  createAdapter(config: AppConfig): AbstractHttpAdapter;
  /** The template of the route a request matched, for logs and metrics; undefined when none did. */
  routeTemplateOf: RouteTemplateResolver;
  /** After `app.init()`: the app's routes (for 405 + Allow), without the catch-alls. */
  routes(app: INestApplication): RegisteredRoute[];
  /** After `app.init()`: what no route matched is answered by `fallback`; the app is then ready to serve. */
  useNotFoundFallback(app: INestApplication, fallback: NodeHandler): Promise<void>;
}
