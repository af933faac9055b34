import type { ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from './problem';
import type { RenderedProblem } from './problem.renderer';

/** As Express' `res.type(…).send(string)` writes it, so both ways of sending answer byte for byte alike. */
export const PROBLEM_CONTENT_TYPE_HEADER = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/**
 * Sends a rendered problem on Node's own response, for code that answers before the framework routes
 * (middleware, the not-found fallback). Route errors go through the exception filter instead.
 */
export function sendProblem(response: ServerResponse, { problem, headers }: RenderedProblem): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = JSON.stringify(problem);
  response.statusCode = problem.status;
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.setHeader('Content-Type', PROBLEM_CONTENT_TYPE_HEADER);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(body);
}
