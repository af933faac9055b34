import {
  ArgumentsHost,
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@app/errors';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './problem';
import { ProblemDetailsFilter } from './problem.filter';

/** Answered by its code through the table (RATE_LIMITED: 429). */
class ShelfFullError extends DomainError {
  readonly code = 'RATE_LIMITED';
  override readonly retryAfterSeconds = 30;

  constructor(readonly capacity: number) {
    super(`The shelf holds at most ${capacity} books`);
  }

  override get details() {
    return { capacity: this.capacity };
  }
}

function fakeResponse(headersSent = false) {
  const response = {
    headersSent,
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

const fakeRequest = (originalUrl = '/api/v1/books/42?x=1') =>
  ({ method: 'GET', originalUrl, url: originalUrl }) as Request;

function hostFor(request: Request, response: ReturnType<typeof fakeResponse>): ArgumentsHost {
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response, getNext: () => undefined }),
  } as unknown as ArgumentsHost;
}

/** What the client receives: status, headers and the parsed body. */
function answer(error: unknown, request = fakeRequest()) {
  const response = fakeResponse();
  new ProblemDetailsFilter().catch(error, hostFor(request, response));
  expect(response.status).toHaveBeenCalledTimes(1);
  expect(response.type).toHaveBeenCalledWith(PROBLEM_CONTENT_TYPE);
  return {
    status: response.status.mock.calls[0][0] as number,
    headers: response.set.mock.calls[0][0] as Record<string, string>,
    body: JSON.parse(response.send.mock.calls[0][0] as string) as Record<string, unknown>,
  };
}

describe('ProblemDetailsFilter', () => {
  let logError: jest.SpyInstance;
  beforeEach(() => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logError.mockRestore());

  describe('DomainError', () => {
    it("answers from the code's row of the table and the error's details and retry hint, with headers and the path without query as instance", () => {
      const { status, headers, body } = answer(new ShelfFullError(7));
      expect(status).toBe(429);
      expect(headers).toEqual({ 'Retry-After': '30' });
      expect(body).toEqual({
        type: `${PROBLEM_TYPE_BASE}rate-limited`,
        title: 'Too many requests',
        status: 429,
        detail: 'The shelf holds at most 7 books',
        instance: '/api/v1/books/42',
        capacity: 7,
      });
      expect(logError).not.toHaveBeenCalled();
    });

    it('falls back to request.url when originalUrl is absent', () => {
      const { problem } = new ProblemDetailsFilter().toProblem(new ShelfFullError(1), '/x');
      expect(problem.instance).toBe('/x');
      const request = { method: 'GET', url: '/only-url?q=1' } as Request;
      expect(answer(new ShelfFullError(1), request).body.instance).toBe('/only-url');
    });
  });

  describe('Nest HttpException', () => {
    it('maps NotFoundException to a 404 problem with its message as detail', () => {
      const { status, headers, body } = answer(new NotFoundException('Cannot GET /nope'));
      expect(status).toBe(404);
      expect(headers).toEqual({});
      expect(body).toEqual({
        type: `${PROBLEM_TYPE_BASE}not-found`,
        title: 'Not Found',
        status: 404,
        detail: 'Cannot GET /nope',
        instance: '/api/v1/books/42',
      });
    });

    it('joins an array message into one detail', () => {
      const { body } = answer(new BadRequestException(['limit is bad', 'sort is bad']));
      expect(body).toMatchObject({ status: 400, title: 'Bad Request', detail: 'limit is bad; sort is bad' });
    });

    it('uses a plain string response body as detail', () => {
      const { body } = answer(new HttpException('I am a teapot, really', 418));
      expect(body).toMatchObject({
        status: 418,
        detail: 'I am a teapot, really',
        type: `${PROBLEM_TYPE_BASE}i-m-a-teapot`,
      });
    });

    it('logs 5xx HttpExceptions once with the error', () => {
      const error = new ServiceUnavailableException('database down');
      expect(answer(error).status).toBe(503);
      expect(logError).toHaveBeenCalledTimes(1);
      expect(logError.mock.calls[0][0]).toEqual({ err: error });
    });
  });

  describe('body-parser errors wrapped by Nest', () => {
    it('maps a JSON syntax error to 400 malformed-json without echoing the parser message', () => {
      const cause = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), {
        type: 'entity.parse.failed',
        status: 400,
        expose: true,
        body: '{"title":}',
      });
      const { status, body } = answer(new BadRequestException('Unexpected token } in JSON', { cause }));
      expect(status).toBe(400);
      expect(body).toEqual({
        type: `${PROBLEM_TYPE_BASE}malformed-json`,
        title: 'Malformed JSON',
        status: 400,
        detail: 'The request body is not valid JSON',
        instance: '/api/v1/books/42',
      });
    });

    it('maps entity.too.large to 413 payload-too-large naming the limit', () => {
      const error = new HttpException('request entity too large', 413, {
        cause: { type: 'entity.too.large', status: 413, limit: 65536 },
      });
      const { status, body } = answer(error);
      expect(status).toBe(413);
      expect(body).toMatchObject({
        type: `${PROBLEM_TYPE_BASE}payload-too-large`,
        status: 413,
        detail: 'The request body exceeds the limit of 65536 bytes',
      });
    });

    it('maps an unwrapped body-parser error too, and ignores unknown parser types', () => {
      const { problem } = new ProblemDetailsFilter().toProblem({ type: 'charset.unsupported', status: 415 }, '/b');
      expect(problem).toMatchObject({ status: 415, type: `${PROBLEM_TYPE_BASE}unsupported-media-type` });
      const unknown = new BadRequestException('odd', { cause: { type: 'stream.not.readable', status: 400 } });
      expect(new ProblemDetailsFilter().toProblem(unknown, '/b').problem).toMatchObject({
        title: 'Bad Request',
        detail: 'odd',
      });
    });
  });

  describe('unknown errors', () => {
    it('answers 500 with a generic detail and leaks neither message nor stack', () => {
      const error = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
      const response = fakeResponse();
      new ProblemDetailsFilter().catch(error, hostFor(fakeRequest(), response));
      const sent = response.send.mock.calls[0][0] as string;
      expect(response.status).toHaveBeenCalledWith(500);
      expect(JSON.parse(sent)).toEqual({
        type: `${PROBLEM_TYPE_BASE}internal-server-error`,
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred; it has been logged',
        instance: '/api/v1/books/42',
      });
      expect(sent).not.toMatch(/ECONNREFUSED|hunter2|at .*\.ts/);
      expect(logError).toHaveBeenCalledWith({ err: error }, 'Unhandled error answering GET /api/v1/books/42');
    });

    it('treats thrown non-Error values as 500 as well', () => {
      expect(answer('a string was thrown').status).toBe(500);
      expect(answer(undefined).status).toBe(500);
    });
  });

  describe('when headers were already sent', () => {
    it('only ends the response, but still logs a 5xx', () => {
      const response = fakeResponse(true);
      new ProblemDetailsFilter().send(new Error('mid-stream'), fakeRequest(), response as unknown as Response);
      expect(response.end).toHaveBeenCalledTimes(1);
      expect(response.status).not.toHaveBeenCalled();
      expect(response.send).not.toHaveBeenCalled();
      expect(logError).toHaveBeenCalledTimes(1);
    });
  });
});
