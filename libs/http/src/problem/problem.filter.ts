import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError } from '@app/errors';
import { problemOfDomainError } from './domain-error-problems';
import { PROBLEM_CONTENT_TYPE, Problem, problemType } from './problem';

/** Errors raised by Express' body parser carry a machine-readable `type` and an HTTP status. */
interface BodyParserError {
  type: string;
  status: number;
  expose?: boolean;
}

const bodyParserProblems: Record<string, { slug: string; title: string; detail: (e: BodyParserError) => string }> = {
  'entity.parse.failed': {
    slug: 'malformed-json',
    title: 'Malformed JSON',
    detail: () => 'The request body is not valid JSON',
  },
  'entity.too.large': {
    slug: 'payload-too-large',
    title: 'Request body too large',
    detail: (e) => `The request body exceeds the limit of ${(e as { limit?: number }).limit ?? '?'} bytes`,
  },
  'encoding.unsupported': {
    slug: 'unsupported-media-type',
    title: 'Unsupported content encoding',
    detail: () => 'The request body uses a content encoding the API does not accept',
  },
  'charset.unsupported': {
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

/** The one place where errors become RFC 9457 problem+json responses. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(error, http.getRequest<Request>(), http.getResponse<Response>());
  }

  /** Answers `error` as problem+json; also used outside Nest's pipeline (the root not-found fallback). */
  send(error: unknown, request: Request, response: Response): void {
    const instance = (request.originalUrl ?? request.url).split('?')[0];

    const { problem, headers } = this.toProblem(error, instance);
    if (problem.status >= 500) {
      // Logged once, here, with the real stack; the client only sees a generic detail.
      this.logger.error({ err: error }, `Unhandled error answering ${request.method} ${instance}`);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(problem.status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(error: unknown, instance: string): { problem: Problem; headers: Record<string, string> } {
    const answer = error instanceof DomainError ? problemOfDomainError(error) : undefined;
    if (answer !== undefined) {
      const { status, type, title, detail, members, headers } = answer;
      return { problem: { type, title, status, detail, instance, ...members }, headers };
    }
    // Express' body parser errors arrive wrapped in an HttpException by Nest's adapter.
    const parserError = error instanceof HttpException ? error.cause : error;
    if (isBodyParserError(parserError) && parserError.status < 500 && bodyParserProblems[parserError.type]) {
      const known = bodyParserProblems[parserError.type];
      return {
        problem: {
          type: problemType(known.slug),
          title: known.title,
          status: parserError.status,
          detail: known.detail(parserError),
          instance,
        },
        headers: {},
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { problem: this.generic(status, this.httpExceptionDetail(error), instance), headers: {} };
    }
    return {
      problem: this.generic(
        HttpStatus.INTERNAL_SERVER_ERROR,
        'An unexpected error occurred; it has been logged',
        instance,
      ),
      headers: {},
    };
  }

  private generic(status: number, detail: string, instance: string): Problem {
    const title = STATUS_CODES[status] ?? 'Error';
    return {
      type: problemType(title.toLowerCase().replace(/[^a-z0-9]+/g, '-')),
      title,
      status,
      detail,
      instance,
    };
  }

  private httpExceptionDetail(error: HttpException): string {
    const body = error.getResponse();
    if (typeof body === 'string') return body;
    const message = (body as { message?: unknown }).message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' ? message : error.message;
  }
}
