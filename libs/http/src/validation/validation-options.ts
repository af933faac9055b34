import type { ValidatorOptions } from 'class-validator';

/** Strict everywhere: unknown properties are rejected, not silently dropped. */
export const STRICT_VALIDATION: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One message per field: the first rule it breaks.
  stopAtFirstError: true,
  validationError: { target: false, value: true },
};
