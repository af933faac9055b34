import { BadRequestException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DomainError } from '@app/errors';
import { PROBLEM_TYPE_BASE } from './problem';
import { instanceOf, toProblem } from './problem.renderer';

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

/** A code the table does not know: a programming error, answered as a logged 500. */
class UnmappedError extends DomainError {
  readonly code = 'NOT_IN_THE_TABLE';
}

/** What the client receives: status, headers and body. */
function answer(error: unknown, instance = '/api/v1/books/42') {
  const { problem, headers } = toProblem(error, instance);
  return { status: problem.status, headers, body: problem as Record<string, unknown> };
}

describe('toProblem', () => {
  describe('DomainError', () => {
    it('answers by its code, with its details, headers and the path without query as instance', () => {
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
    });

    it('answers a code missing from the table as a 500, not with a guessed status', () => {
      expect(answer(new UnmappedError('x')).status).toBe(500);
    });

    it('takes the instance it is given; instanceOf is the path without the query, from url when originalUrl is absent', () => {
      expect(answer(new ShelfFullError(1), '/x').body.instance).toBe('/x');
      expect(instanceOf({ originalUrl: '/api/v1/books/42?x=1', url: '/42' })).toBe('/api/v1/books/42');
      expect(instanceOf({ url: '/only-url?q=1' })).toBe('/only-url');
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

    it("keeps a 5xx HttpException's status", () => {
      expect(answer(new ServiceUnavailableException('database down')).status).toBe(503);
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
        errors: [{ field: '', message: 'The request body is not valid JSON' }],
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
      const { problem } = toProblem({ type: 'charset.unsupported', status: 415 }, '/b');
      expect(problem).toMatchObject({ status: 415, type: `${PROBLEM_TYPE_BASE}unsupported-media-type` });
      const unknown = new BadRequestException('odd', { cause: { type: 'stream.not.readable', status: 400 } });
      expect(toProblem(unknown, '/b').problem).toMatchObject({
        title: 'Bad Request',
        detail: 'odd',
      });
    });
  });

  describe('every 400', () => {
    it('carries `errors`, as the contract declares: the whole body when no field is to blame', () => {
      expect(answer(new BadRequestException('odd')).body.errors).toEqual([{ field: '', message: 'odd' }]);
    });

    it('keeps the fields a validation error names', () => {
      class FieldsError extends DomainError {
        readonly code = 'VALIDATION_FAILED';
        override get details() {
          return { errors: [{ field: 'title', message: 'must not be empty' }] };
        }
      }
      expect(answer(new FieldsError('title: must not be empty')).body.errors).toEqual([
        { field: 'title', message: 'must not be empty' },
      ]);
    });

    it('adds nothing to other statuses', () => {
      expect(answer(new NotFoundException('gone')).body).not.toHaveProperty('errors');
    });
  });

  describe('unknown errors', () => {
    it('answers 500 with a generic detail and leaks neither message nor stack', () => {
      const { status, body } = answer(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
      expect(status).toBe(500);
      expect(body).toEqual({
        type: `${PROBLEM_TYPE_BASE}internal-server-error`,
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred; it has been logged',
        instance: '/api/v1/books/42',
      });
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|hunter2|at .*\.ts/);
    });

    it('treats thrown non-Error values as 500 as well', () => {
      expect(answer('a string was thrown').status).toBe(500);
      expect(answer(undefined).status).toBe(500);
    });
  });
});
