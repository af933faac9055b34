import { ArgumentsHost, Catch, ExceptionFilter, Logger, NotFoundException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { PROBLEM_CONTENT_TYPE_HEADER } from './problem.response';
import type { KnownRoutes } from '../routing/known-routes';
import { instanceOf, toProblem } from './problem.renderer';

/** The few calls of Nest's HTTP adapter the filter needs: sending stays the adapter's (Express or Fastify). */
export interface ProblemReplier {
  isHeadersSent(response: unknown): boolean;
  setHeader(response: unknown, name: string, value: string): unknown;
  reply(response: unknown, body: unknown, statusCode?: number): unknown;
  end(response: unknown, message?: string): unknown;
}

/** Every error raised on a route, answered as problem+json through the one renderer, `toProblem`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    private readonly http: ProblemReplier,
    /** When given, a request no route matched gets 405 + Allow if its path exists with other methods. */
    private readonly routes?: Pick<KnownRoutes, 'unmatched'>,
    /**
     * Gives an error raised on a route its domain meaning before it is rendered (e.g. a driver's lost
     * connection as DatabaseUnavailableError); the error itself when it has none. Here rather than in an
     * interceptor: only a failing request pays for it.
     */
    private readonly translate: (error: unknown) => unknown = (error) => error,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<IncomingMessage & { originalUrl?: string }>();
    const response = context.getResponse<unknown>();
    const instance = instanceOf(request);
    if (this.http.isHeadersSent(response) && (error as { code?: unknown } | null)?.code === 'ERR_HTTP_HEADERS_SENT') {
      // A handler answering a request that was already answered (its deadline's 503): that answer was logged.
      this.logger.warn(`A late answer to ${request.method} ${instance} was dropped: it was already answered`);
      return;
    }
    // Nest's not-found handler raises exactly NotFoundException: no route matched this method and path.
    const answered =
      this.routes && error instanceof NotFoundException
        ? this.routes.unmatched(request.method ?? 'GET', instance)
        : this.translate(error);
    const { problem, headers } = toProblem(answered, instance);
    if (problem.status >= 500) {
      // Logged once, here, with the real stack; the client only sees a generic detail.
      this.logger.error({ err: error }, `Unhandled error answering ${request.method} ${instance}`);
    }
    if (this.http.isHeadersSent(response)) {
      this.http.end(response);
      return;
    }
    for (const [name, value] of Object.entries(headers)) this.http.setHeader(response, name, value);
    this.http.setHeader(response, 'Content-Type', PROBLEM_CONTENT_TYPE_HEADER);
    this.http.reply(response, JSON.stringify(problem), problem.status);
  }
}
