import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { fieldErrorsFrom } from './field-errors';
import { STRICT_VALIDATION } from './validation-options';

/** Validates a plain object against a DTO class outside the request pipeline (e.g. a merged patch). */
export async function validateInput<T extends object>(cls: ClassConstructor<T>, plain: unknown): Promise<T> {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new ValidationFailedError([{ field: '', message: 'the body must be a JSON object' }]);
  }
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, STRICT_VALIDATION);
  if (errors.length > 0) throw new ValidationFailedError(fieldErrorsFrom(errors));
  return instance;
}
