import { instanceOf, sendProblem, toProblem } from '@app/http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UriTooLongError } from './request-limits.errors';

/** Longer request targets are refused before routing or parsing: no legitimate query is near it. */
export const MAX_URI_LENGTH = 2048;

export function uriLengthLimit(maxLength = MAX_URI_LENGTH) {
  return (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, next: () => void): void => {
    const url = request.originalUrl ?? request.url ?? '/';
    if (url.length <= maxLength) return next();
    sendProblem(response, toProblem(new UriTooLongError(maxLength), instanceOf(request)));
  };
}
