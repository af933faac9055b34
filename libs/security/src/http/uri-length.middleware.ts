import { instanceOf, sendProblem, toProblem } from '@app/http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UriTooLongError } from '../errors/uri-too-long.error';

/**
 * Longer request targets are refused (414) before routing or parsing. Above the largest valid request
 * (every query parameter at its contract maxLength, each character percent-encoded as 4 UTF-8 bytes:
 * about 18,200 characters; request-limits.spec.ts computes it from the contract), so only an invalid one is.
 */
export const MAX_URI_LENGTH = 20 * 1024;

export function uriLengthLimit(maxLength = MAX_URI_LENGTH) {
  return (request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, next: () => void): void => {
    const url = request.originalUrl ?? request.url ?? '/';
    if (url.length <= maxLength) return next();
    sendProblem(response, toProblem(new UriTooLongError(maxLength), instanceOf(request)));
  };
}
