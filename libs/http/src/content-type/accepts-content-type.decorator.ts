import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest } from '../exchange/http-request';
import { UnsupportedMediaTypeError } from '../errors/unsupported-media-type.error';

const ACCEPTED_CONTENT_TYPES = 'acceptedContentTypes';

/** Rejects a body sent with any other media type with 415 before validation runs. */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const accepted = this.reflector.get<string[]>(ACCEPTED_CONTENT_TYPES, context.getHandler()) ?? [];
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const received = request.headers['content-type'];
    const mediaType = received?.split(';')[0].trim().toLowerCase();
    if (!mediaType || !accepted.includes(mediaType)) throw new UnsupportedMediaTypeError(received, accepted);
    return true;
  }
}

export const AcceptsContentType = (...types: string[]) =>
  applyDecorators(SetMetadata(ACCEPTED_CONTENT_TYPES, types), UseGuards(ContentTypeGuard));
