import { Controller, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnsupportedMediaTypeError } from '../errors/unsupported-media-type.error';
import { AcceptsContentType, ContentTypeGuard } from './accepts-content-type.decorator';

@Controller()
class ExampleController {
  @AcceptsContentType('application/json', 'application/merge-patch+json')
  write(): void {}
}

function contextWith(contentType: string | undefined): ExecutionContext {
  const headers = contentType === undefined ? {} : { 'content-type': contentType };
  return {
    getHandler: () => ExampleController.prototype.write,
    getClass: () => ExampleController,
    switchToHttp: () => ({ getRequest: () => ({ headers }) }),
  } as unknown as ExecutionContext;
}

const guard = new ContentTypeGuard(new Reflector());

function rejection(contentType: string | undefined): UnsupportedMediaTypeError {
  try {
    guard.canActivate(contextWith(contentType));
  } catch (error) {
    if (error instanceof UnsupportedMediaTypeError) return error;
    throw error;
  }
  throw new Error('expected the guard to reject');
}

describe('ContentTypeGuard', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    'application/merge-patch+json',
  ])('lets %p through', (contentType) => {
    expect(guard.canActivate(contextWith(contentType))).toBe(true);
  });

  it('rejects a missing Content-Type with 415 and an Accept header listing the accepted types', () => {
    const error = rejection(undefined);
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.headers).toEqual({ Accept: 'application/json, application/merge-patch+json' });
    expect(error.message).toContain('(none)');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', ''])(
    'rejects %p with 415',
    (contentType) => {
      const error = rejection(contentType);
      expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('names the received type in the detail', () => {
    expect(rejection('text/plain; charset=utf-8').message).toContain('"text/plain; charset=utf-8"');
  });
});
