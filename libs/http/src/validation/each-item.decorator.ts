import { registerDecorator, ValidationOptions } from 'class-validator';

export const EACH_ITEM_CONTEXT = 'eachItemRule';

/**
 * Validates every element of an array with `rule`. Unlike class-validator's `each: true`, the rule
 * travels in the error's context, so the error response can name the exact element (`authors[3]`).
 */
export function EachItem(rule: (item: unknown) => boolean, message: string, options?: ValidationOptions) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'eachItem',
      target: target.constructor,
      propertyName,
      options: { ...options, message, context: { [EACH_ITEM_CONTEXT]: rule } },
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || value.every((item) => rule(item)),
      },
    });
  };
}
