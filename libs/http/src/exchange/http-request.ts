import type { IncomingHttpHeaders } from 'node:http';

/**
 * What the libraries read of a request: fields Express' `Request` and Fastify's `FastifyRequest` both have,
 * so no library depends on the HTTP framework the composition root chose (HTTP_ADAPTER).
 */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  /** The request target as received, query included (both frameworks set it). */
  readonly originalUrl?: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when none was read. */
  readonly body?: unknown;
  /** The client's address: the proxy's X-Forwarded-For entry when the app trusts one proxy hop. */
  readonly ip?: string;
}
