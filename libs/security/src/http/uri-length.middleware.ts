import { ProblemDetailsFilter } from '@app/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UriTooLongError } from '../errors/uri-too-long.error';

/** Longer request targets are refused before routing or parsing: no legitimate query is near it. */
export const MAX_URI_LENGTH = 2048;

export function uriLengthLimit(maxLength = MAX_URI_LENGTH, filter = new ProblemDetailsFilter()): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.originalUrl.length <= maxLength) return next();
    filter.send(new UriTooLongError(maxLength), request, response);
  };
}
