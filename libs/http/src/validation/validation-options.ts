import type { ValidatorOptions } from 'class-validator';

/** Strict everywhere: unknown properties are rejected, not silently dropped. */
export const STRICT_VALIDATION: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One message per field. Decorators run bottom-up, so DTOs put the type check last.
  stopAtFirstError: true,
  validationError: { target: false, value: true },
};
