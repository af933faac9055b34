import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { asDatabaseUnavailable } from './database-unavailable';

/** Turns "the database did not answer" into DatabaseUnavailableError (503, Retry-After) for every route. */
@Injectable()
export class DatabaseErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => asDatabaseUnavailable(error))));
  }
}
