import { PROBLEM_CONTENT_TYPE, problemType } from '@app/http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** Node's default, made explicit: request line + headers above this are refused with 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

export interface ServerLimits {
  /** Whole request (headers and body) must arrive within this; the headers too. */
  requestTimeoutMs: number;
}

/** Errors Node's HTTP parser raises before a request exists, as problem+json (Node would answer bare text). */
const CLIENT_ERRORS: Record<string, { status: number; slug: string; title: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'request-header-fields-too-large',
    title: 'Request header fields too large',
    detail: `The request line and headers exceed ${MAX_HEADER_BYTES} bytes`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    slug: 'request-timeout',
    title: 'Request timeout',
    detail: 'The request did not arrive in time',
  },
};

const BAD_REQUEST = { status: 400, slug: 'bad-request', title: 'Bad request', detail: 'The request is not valid HTTP' };

export function clientErrorResponse(code: string | undefined): string {
  const known = (code !== undefined && CLIENT_ERRORS[code]) || BAD_REQUEST;
  const body = JSON.stringify({
    type: problemType(known.slug),
    title: known.title,
    status: known.status,
    detail: known.detail,
    instance: '/',
  });
  return [
    `HTTP/1.1 ${known.status} ${known.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Time and size limits of the HTTP server itself (before Express sees a request). */
export function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.requestTimeoutMs;
  // Read by Node for every new connection's parser (the same field the constructor option sets).
  (server as Server & { maxHeaderSize?: number }).maxHeaderSize = MAX_HEADER_BYTES;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    // Same rule as Node's own handler: answer only if nothing was written on this connection yet.
    if (error.code !== 'ECONNRESET' && socket.writable && (socket.bytesWritten ?? 0) === 0) {
      socket.end(clientErrorResponse(error.code));
      return;
    }
    socket.destroy(error);
  });
}
