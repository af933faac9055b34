import { NotFoundException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendProblem } from './problem.response';
import { instanceOf, toProblem } from './problem.renderer';

/**
 * Nest mounts its not-found handler under the global prefix only; this answers every other unknown
 * path (`/nope`, `/favicon.ico`) with the same problem+json 404. Mount it after the routes.
 */
export function notFoundFallback() {
  return (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse): void => {
    const instance = instanceOf(request);
    sendProblem(response, toProblem(new NotFoundException(`Cannot ${request.method} ${instance}`), instance));
  };
}
