import type { RegisteredRoute } from '@app/http';
import { MAX_URI_LENGTH } from '@app/security';
import { BadRequestException, type INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { AppConfig } from '../config/env.schema';
import { ExpressSpelledResponse } from './express-spelled.response';
import type { HttpPlatform } from './http-platform';

/** Node's own keep-alive timeout, which Express keeps: clients read it in `Keep-Alive: timeout=5`. */
const NODE_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** The template of the route each request matched, by Node's request (what middleware and logs see). */
const routeTemplates = new WeakMap<IncomingMessage, string>();
/** Requests whose URL Fastify's router refused: answered with Express' 400 once past the middleware. */
const badUrls = new WeakMap<IncomingMessage, string>();
/** The routes each Fastify instance registered, as they were registered (Fastify lists them only as text). */
const registeredRoutes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** The first path segment that is not valid percent-encoding (Fastify's router refuses such a URL); undefined if none. */
function undecodableSegment(url: string): string | undefined {
  return url
    .split('?')[0]
    .split('/')
    .find((part) => {
      try {
        decodeURIComponent(part);
        return false;
      } catch {
        return true;
      }
    });
}

/**
 * HTTP_ADAPTER=fastify: @nestjs/platform-fastify, for throughput; the only file that knows Fastify. Where
 * Fastify's defaults differ from Express', it is set to answer as Express does: clients see no difference.
 */
export const fastifyPlatform: HttpPlatform = {
  createAdapter(config: AppConfig): FastifyAdapter {
    const adapter = new FastifyAdapter({
      // Header names as Express writes them (Fastify's are lower case): clients that log or compare them see one form.
      http: { ServerResponse: ExpressSpelledResponse },
      // One proxy hop, as Express' `trust proxy` 1 (proxy-addr's rule for a count): request.ip is the
      // ingress' X-Forwarded-For entry.
      trustProxy: config.TRUST_PROXY ? (_address: string, hop: number) => hop < 1 : false,
      routerOptions: {
        // Express routes paths case-insensitively and ignores one trailing slash.
        caseSensitive: false,
        ignoreTrailingSlash: true,
        // Fastify answers a path parameter over 100 characters with 414; only the request target's length may.
        maxParamLength: MAX_URI_LENGTH,
        // Express' `query parser` 'simple': Node's querystring, no nested objects.
        querystringParser: (query) => parseQuery(query),
      },
      keepAliveTimeout: NODE_KEEP_ALIVE_TIMEOUT_MS,
      // While draining, requests are answered by the app (the shutdown sequence), not with Fastify's own 503 JSON.
      return503OnClosing: false,
      // Malformed requests, heads too large or too slow: answered by applyServerLimits' listener (problem+json).
      clientErrorHandler: () => undefined,
      // Fastify's router refuses a URL with invalid percent-encoding before any hook (its own 400 JSON, without
      // the middleware's headers). It is routed with its '%' escaped instead, and refused once past the middleware.
      rewriteUrl: (req: IncomingMessage) => {
        const url = req.url ?? '/';
        if (!url.includes('%') || undecodableSegment(url) === undefined) return url;
        badUrls.set(req, url);
        return url.replace(/%/g, '%25');
      },
    });
    const fastify = adapter.getInstance<FastifyInstance>();
    // Bodies are read by the pipeline's JSON parser (body-parser, a middleware); Fastify reads none itself
    // (its own parsers answer their own 400/413/415 shapes), it hands the route what that parser read.
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', (request, _payload, done) =>
      done(null, (request.raw as IncomingMessage & { body?: unknown }).body),
    );
    const routes: RegisteredRoute[] = [];
    registeredRoutes.set(fastify, routes);
    fastify.addHook('onRoute', ({ url, method }) => {
      routes.push({ path: url, methods: [method].flat() });
    });
    // Once the body is read (the middleware passed), as Express knows its route only once it routes: a request
    // refused before (malformed JSON, 413, 414) counts as unmatched on both.
    fastify.addHook('preValidation', (request, _reply, done) => {
      const badUrl = badUrls.get(request.raw);
      if (badUrl !== undefined) {
        // Past the middleware: the URL the router refused is the one the log and the problem name.
        Object.assign(request.raw, { url: badUrl, originalUrl: badUrl });
        // Express' answer to a path parameter that is not valid percent-encoding.
        return done(new BadRequestException(`Failed to decode param '${undecodableSegment(badUrl)}'`));
      }
      const template = request.routeOptions.url;
      if (template !== undefined) routeTemplates.set(request.raw, template);
      done();
    });
    // Express' res.send(string) always names the charset; Fastify leaves a type the sender set (the Swagger UI's) as it is.
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      const type = reply.getHeader('content-type');
      if (typeof payload === 'string' && typeof type === 'string' && !/;\s*charset=/i.test(type)) {
        reply.header('content-type', `${type}; charset=utf-8`);
      }
      done(null, payload);
    });
    return adapter;
  },

  routeTemplateOf: (req) => routeTemplates.get(req),

  /** Not the wildcards (`/docs/*`: the Swagger UI's files), as Express' static files are no route either. */
  routes(app: INestApplication): RegisteredRoute[] {
    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    return (registeredRoutes.get(fastify) ?? []).filter(({ path }) => !path.includes('*'));
  },

  /**
   * Fastify answers what no route matched from Nest's not-found handler, on every path: its NotFoundException
   * goes through the problem filter, which answers 404 or 405 from the same route table as `fallback` would.
   */
  async useNotFoundFallback(app: INestApplication): Promise<void> {
    await (app.getHttpAdapter().getInstance() as FastifyInstance).ready();
  },
};
