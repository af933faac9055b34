import { instanceOf, sendProblem, toProblem } from '@app/http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestTimedOutError } from '../errors/request-timed-out.error';

/**
 * A request not answered within `timeoutMs` of this middleware (mounted once its body is read) is answered
 * with a 503 problem and Retry-After instead of holding the client; what its handler was doing may still
 * complete, and its late answer is dropped. One timer per request, cleared when the response closes: no
 * interceptor, so a request pays no rxjs chain for its time limit, and the limit covers the guards too.
 */
export function requestDeadline(timeoutMs: number) {
  return (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, next: () => void): void => {
    const timer = setTimeout(() => {
      if (response.headersSent) return;
      sendProblem(response, toProblem(new RequestTimedOutError(timeoutMs), instanceOf(request)));
    }, timeoutMs);
    response.on('close', () => clearTimeout(timer));
    next();
  };
}
