import { Database } from '@app/database';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from '@app/http';
import { from, lastValueFrom, Observable } from 'rxjs';
import { ReplayedProblemError } from './errors/replayed-problem.error';
import { parseIdempotencyKey } from './idempotency-key';
import { Claim, IdempotencyService } from './idempotency.service';
import { requestFingerprint } from './request-fingerprint';
import type { StoredResponse } from './stored-response';

export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotency-Replayed';

/** Response headers that describe the result, so a replay carries them too. */
const RESULT_HEADERS = ['Location', 'ETag', 'Content-Location', 'Last-Modified'];

/**
 * Makes a POST safe to retry with an Idempotency-Key: the handler's work and its stored response
 * commit in one transaction, so a key is answered either by a response that was durably written or
 * not at all. Requests without the header pass through untouched.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly database: Database,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    if (key === undefined) return next.handle();
    return from(this.handle(key, request, context.switchToHttp().getResponse<HttpResponse>(), next));
  }

  private async handle(key: string, request: HttpRequest, response: HttpResponse, next: CallHandler): Promise<unknown> {
    const admission = await this.idempotency.admit(
      this.idempotency.scopeOf(request, key),
      requestFingerprint(request.body),
    );
    if (admission.kind === 'replay') return this.replay(admission.response, response);
    try {
      return await this.database.transaction(() => this.execute(admission.claim, response, next));
    } catch (error) {
      await this.idempotency.fail(admission.claim, error);
      throw error;
    }
  }

  private async execute(claim: Claim, response: HttpResponse, next: CallHandler): Promise<unknown> {
    const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
    const headers = Object.fromEntries(
      RESULT_HEADERS.flatMap((name) => {
        const value = response.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      }),
    );
    await this.idempotency.complete(claim, {
      status: response.statusCode,
      headers,
      body: body === undefined ? '' : JSON.stringify(body),
    });
    return body;
  }

  /** The stored answer again: a success with its headers, a client error through the exception filter. */
  private replay(stored: StoredResponse, response: HttpResponse): unknown {
    if (stored.status >= 400) throw new ReplayedProblemError(JSON.parse(stored.body), stored.headers);
    // The route's own status (set by Nest before interceptors run) is the one stored: a route answers one success status.
    for (const [name, value] of Object.entries(stored.headers)) response.header(name, value);
    response.header(IDEMPOTENCY_REPLAYED_HEADER, 'true');
    return stored.body === '' ? undefined : JSON.parse(stored.body);
  }
}
