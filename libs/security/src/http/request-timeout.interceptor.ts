import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, throwError, timeout } from 'rxjs';
import { SECURITY_OPTIONS, type SecurityOptions } from '../security.options';
import { RequestTimedOutError } from '../errors/request-timed-out.error';

/** A handler slower than REQUEST_TIMEOUT_MS is answered with a 503 problem instead of holding the client. */
@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  private readonly timeoutMs: number;

  constructor(@Inject(SECURITY_OPTIONS) options: Pick<SecurityOptions, 'requestTimeoutMs'>) {
    this.timeoutMs = options.requestTimeoutMs;
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(timeout({ first: this.timeoutMs, with: () => throwError(() => new RequestTimedOutError(this.timeoutMs)) }));
  }
}
