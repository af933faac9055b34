import { type IncomingMessage, type OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { headerNameCase } from './header-name-case';

/**
 * Node's response, writing every header name as Express does (see headerNameCase), for HTTP_ADAPTER=fastify:
 * Fastify's reply keeps its headers in lower case and hands them to `writeHead` in one object. The server
 * is made with this class, so the spelling costs one look-up per header, and no closure per request.
 */
export class ExpressSpelledResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override setHeader(name: string, value: number | string | readonly string[]): this {
    return super.setHeader(headerNameCase(name), value);
  }

  override writeHead(statusCode: number, ...rest: unknown[]): this {
    const last = rest.at(-1);
    if (last !== null && typeof last === 'object' && !Array.isArray(last)) {
      // As Node does once a header was set: each one through setHeader (spelled there), then the head.
      const headers = last as OutgoingHttpHeaders;
      for (const name in headers) if (name) this.setHeader(name, headers[name]!);
      rest.pop();
    }
    return super.writeHead(statusCode, ...(rest as [string]));
  }
}
