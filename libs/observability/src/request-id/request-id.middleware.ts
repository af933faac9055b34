import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';

export type RequestWithId = IncomingMessage & { id?: string | number | object };

/**
 * Gives the request its id (`req.id`, read by the request logger) and answers it in X-Request-ID.
 * Mounted first, before the body parser, so every response carries it, errors and 404s included.
 */
export function requestIdMiddleware(req: RequestWithId, res: ServerResponse, next: () => void): void {
  const id = requestIdFrom(req.headers['x-request-id']);
  req.id = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}
