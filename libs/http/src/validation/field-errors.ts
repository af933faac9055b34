import type { ValidationError } from 'class-validator';
import type { FieldError } from '../problem/field-error';
import { EACH_ITEM_CONTEXT } from './each-item.decorator';

type ItemRule = (item: unknown) => boolean;

function fieldPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

/** Flattens class-validator's tree into one entry per bad field, naming array elements by index. */
export function fieldErrorsFrom(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const path = error.property === undefined ? parent : fieldPath(parent, error.property);
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const itemRule = error.contexts?.[constraint]?.[EACH_ITEM_CONTEXT] as ItemRule | undefined;
      if (itemRule && Array.isArray(error.value)) {
        error.value.forEach((item, index) => {
          if (!itemRule(item)) result.push({ field: `${path}[${index}]`, message });
        });
      } else if (constraint === 'unknownValue') {
        result.push({ field: path, message: 'must be a JSON object' });
      } else {
        result.push({ field: path, message });
      }
    }
    if (error.children?.length) result.push(...fieldErrorsFrom(error.children, path));
  }
  return result;
}
