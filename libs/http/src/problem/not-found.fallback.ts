import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KnownRoutes } from '../routing/known-routes';
import { sendProblem } from './problem.response';
import { instanceOf, toProblem } from './problem.renderer';

/**
 * Nest mounts its not-found handler under the global prefix only; this answers every other unknown
 * path (`/nope`, `/favicon.ico`) with the same problem+json 404 (405 + Allow for a known path's other
 * methods, e.g. POST /health). Mount it after the routes.
 */
export function notFoundFallback(routes: Pick<KnownRoutes, 'unmatched'>) {
  return (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse): void => {
    const instance = instanceOf(request);
    sendProblem(response, toProblem(routes.unmatched(request.method ?? 'GET', instance), instance));
  };
}
