import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of, delay } from 'rxjs';
import { RequestTimedOutError } from '../errors/request-timed-out.error';
import { RequestTimeoutInterceptor } from './request-timeout.interceptor';

const context = {} as ExecutionContext;
const handlerAnswering = (afterMs: number): CallHandler => ({ handle: () => of('answer').pipe(delay(afterMs)) });

describe('RequestTimeoutInterceptor', () => {
  const interceptor = new RequestTimeoutInterceptor({ requestTimeoutMs: 50 });

  it('passes a timely answer through', async () => {
    await expect(firstValueFrom(interceptor.intercept(context, handlerAnswering(5)))).resolves.toBe('answer');
  });

  it('answers a 503 problem with Retry-After when the handler is too slow', async () => {
    const error = await firstValueFrom(interceptor.intercept(context, handlerAnswering(500))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimedOutError);
    expect((error as RequestTimedOutError).code).toBe('REQUEST_TIMED_OUT');
    expect((error as RequestTimedOutError).retryAfterSeconds).toBe(1);
    expect((error as RequestTimedOutError).message).toMatch(/50 ms/);
  });
});
