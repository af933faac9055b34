import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { notFoundFallback } from './not-found.fallback';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem';
import { ProblemDetailsFilter } from './problem.filter';

function fakeResponse() {
  const response = {
    headersSent: false,
    status: jest.fn(),
    set: jest.fn(),
    type: jest.fn(),
    send: jest.fn(),
    end: jest.fn(),
  };
  for (const chained of [response.status, response.set, response.type, response.send])
    chained.mockReturnValue(response);
  return response;
}

const request = (method: string, originalUrl: string, path: string) =>
  ({ method, originalUrl, url: originalUrl, path }) as Request;

describe('notFoundFallback', () => {
  it('answers any unknown path with a problem+json 404 naming method and path', () => {
    const response = fakeResponse();
    notFoundFallback()(
      request('DELETE', '/favicon.ico?v=2', '/favicon.ico'),
      response as unknown as Response,
      jest.fn() as NextFunction,
    );
    expect(response.status).toHaveBeenCalledWith(404);
    expect(response.type).toHaveBeenCalledWith(PROBLEM_CONTENT_TYPE);
    expect(JSON.parse(response.send.mock.calls[0][0] as string)).toEqual({
      type: `${PROBLEM_TYPE_BASE}not-found`,
      title: 'Not Found',
      status: 404,
      detail: 'Cannot DELETE /favicon.ico',
      instance: '/favicon.ico',
    });
  });

  it('sends through the filter it is given, and never logs a 404 as an error', () => {
    const filter = new ProblemDetailsFilter();
    const send = jest.spyOn(filter, 'send');
    const logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const req = request('GET', '/nope', '/nope');
    const response = fakeResponse();
    notFoundFallback(filter)(req, response as unknown as Response, jest.fn() as NextFunction);
    expect(send).toHaveBeenCalledWith(expect.objectContaining({ message: 'Cannot GET /nope' }), req, response);
    expect(logError).not.toHaveBeenCalled();
    logError.mockRestore();
  });
});
