import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '@app/errors';
import { problemOfDomainError } from './domain-error-problems';
import { Problem, problemType } from './problem';

/** A problem body and the response headers that go with it. */
export interface RenderedProblem {
  problem: Problem;
  headers: Record<string, string>;
}

/** Errors raised by Express' body parser carry a machine-readable `type` and an HTTP status. */
interface BodyParserError {
  type: string;
  status: number;
}

/** By the parser's error type; each with the one status its problem type always has. */
export const BODY_PARSER_PROBLEMS: Record<
  string,
  { status: number; slug: string; title: string; detail: (e: BodyParserError) => string }
> = {
  'entity.parse.failed': {
    status: 400,
    slug: 'malformed-json',
    title: 'Malformed JSON',
    detail: () => 'The request body is not valid JSON',
  },
  'entity.too.large': {
    status: 413,
    slug: 'payload-too-large',
    title: 'Request body too large',
    detail: (e) => `The request body exceeds the limit of ${(e as { limit?: number }).limit ?? '?'} bytes`,
  },
  'encoding.unsupported': {
    status: 415,
    slug: 'unsupported-media-type',
    title: 'Unsupported content encoding',
    detail: () => 'The request body uses a content encoding the API does not accept',
  },
  'charset.unsupported': {
    status: 415,
    slug: 'unsupported-media-type',
    title: 'Unsupported charset',
    detail: () => 'The request body must be UTF-8',
  },
};

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

/** A problem named after its HTTP status, for errors the API does not raise itself (the framework's). */
export function statusProblem(status: number, detail: string, instance: string): Problem {
  const title = STATUS_CODES[status] ?? 'Error';
  return { type: problemType(title.toLowerCase().replace(/[^a-z0-9]+/g, '-')), title, status, detail, instance };
}

function httpExceptionDetail(error: HttpException): string {
  const body = error.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/**
 * The one producer of RFC 9457 bodies: any error, thrown anywhere, as the problem a client receives
 * at `instance` (the request path without its query). Pure: sending is the caller's.
 */
export function toProblem(error: unknown, instance: string): RenderedProblem {
  const rendered = render(error, instance);
  // Every 400 has the one declared shape, ValidationProblem: `errors` is always there (here the whole body, '').
  if (rendered.problem.status === 400 && !Array.isArray(rendered.problem.errors)) {
    rendered.problem.errors = [{ field: '', message: rendered.problem.detail }];
  }
  return rendered;
}

function render(error: unknown, instance: string): RenderedProblem {
  // A domain error is answered by its code, through the one table (domain-error-problems.ts); a code
  // missing there falls through to a logged 500.
  const answer = error instanceof DomainError ? problemOfDomainError(error) : undefined;
  if (answer !== undefined) {
    const { status, type, title, detail, members, headers } = answer;
    return { problem: { type, title, status, detail, instance, ...members }, headers };
  }
  // Express' body parser errors arrive wrapped in an HttpException by Nest's adapter.
  const parserError = error instanceof HttpException ? error.cause : error;
  if (isBodyParserError(parserError) && parserError.status < 500 && BODY_PARSER_PROBLEMS[parserError.type]) {
    const known = BODY_PARSER_PROBLEMS[parserError.type];
    return {
      problem: {
        type: problemType(known.slug),
        title: known.title,
        status: known.status,
        detail: known.detail(parserError),
        instance,
      },
      headers: {},
    };
  }
  if (error instanceof HttpException) {
    return { problem: statusProblem(error.getStatus(), httpExceptionDetail(error), instance), headers: {} };
  }
  return {
    problem: statusProblem(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'An unexpected error occurred; it has been logged',
      instance,
    ),
    headers: {},
  };
}

/** The problem's `instance`: the request path, without the query (which may carry user input). */
export function instanceOf(request: { originalUrl?: string; url?: string }): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
