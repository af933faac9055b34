import { ApiProblemResponse } from '@app/http';
import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Honours an optional Idempotency-Key header on this operation, and documents it. The operation's
 * own responses should document the `Idempotency-Replayed` header and the 409 for a key in use.
 */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes the request safe to retry: the first response for this key is stored and a retry with the same key ' +
        'and body gets it again (with `Idempotency-Replayed: true`) without repeating the operation. ' +
        `1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable characters, e.g. a UUID; kept for IDEMPOTENCY_TTL_SECONDS (24 h).`,
      schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
    }),
    ApiProblemResponse(422, 'This Idempotency-Key was already used with a different body'),
  );
