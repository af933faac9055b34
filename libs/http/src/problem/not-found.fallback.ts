import { NotFoundException } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { ProblemDetailsFilter } from './problem.filter';

/**
 * Nest mounts its not-found handler under the global prefix only; this answers every other unknown
 * path (`/nope`, `/favicon.ico`) with the same problem+json 404. Mount it after the routes.
 */
export function notFoundFallback(filter = new ProblemDetailsFilter()): RequestHandler {
  return (request: Request, response: Response) =>
    filter.send(new NotFoundException(`Cannot ${request.method} ${request.path}`), request, response);
}
