import { ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { fieldErrorsFrom } from './field-errors';
import { STRICT_VALIDATION } from './validation-options';

/** The global pipe: DTO classes validate bodies and queries; failures become one 400 problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...STRICT_VALIDATION,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new ValidationFailedError(fieldErrorsFrom(errors)),
  });
}
