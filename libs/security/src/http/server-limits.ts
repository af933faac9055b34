import { PROBLEM_CONTENT_TYPE, toProblem } from '@app/http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_URI_LENGTH } from './uri-length.middleware';
import { HeaderFieldsTooLargeError } from '../errors/header-fields-too-large.error';
import { MalformedHttpError } from '../errors/malformed-http.error';
import { RequestArrivedTooLateError } from '../errors/request-arrived-too-late.error';

/** What the headers alone may take: Node's former whole-head default (credentials, ETags, proxies' headers). */
export const HEADER_FIELDS_ALLOWANCE = 16 * 1024;

/**
 * Request line + headers above this are refused with 431 by Node's parser. It holds the longest valid
 * request target plus the headers' allowance, so a valid request is never refused for its size.
 */
export const MAX_HEADER_BYTES = MAX_URI_LENGTH + HEADER_FIELDS_ALLOWANCE;

export interface ServerLimits {
  /** Whole request (headers and body) must arrive within this; the headers too. */
  requestTimeoutMs: number;
}

/** The error Node's HTTP parser raised before a request existed, as the problem a client gets. */
function clientErrorOf(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') return new HeaderFieldsTooLargeError(MAX_HEADER_BYTES);
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new RequestArrivedTooLateError();
  return new MalformedHttpError();
}

/** The whole HTTP/1.1 answer, written on the socket: there is no request (nor response object) yet. */
export function clientErrorResponse(code: string | undefined): string {
  const { problem } = toProblem(clientErrorOf(code), '/');
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${problem.title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Time and size limits of the HTTP server itself (before the framework sees a request). */
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
