import { ValidationError } from 'class-validator';
import { EACH_ITEM_CONTEXT } from './each-item.decorator';
import { fieldErrorsFrom } from './field-errors';

function error(props: Partial<ValidationError>): ValidationError {
  return Object.assign(new ValidationError(), { children: [], ...props });
}

describe('fieldErrorsFrom', () => {
  it('names top-level fields by property, one entry per constraint', () => {
    expect(
      fieldErrorsFrom([error({ property: 'title', constraints: { isString: 'title must be a string' } })]),
    ).toEqual([{ field: 'title', message: 'title must be a string' }]);
  });

  it('joins nested object paths with dots and array indexes with brackets', () => {
    const tree = error({
      property: 'shelf',
      children: [
        error({ property: 'label', constraints: { isString: 'label must be a string' } }),
        error({
          property: 'items',
          children: [
            error({
              property: '2',
              children: [error({ property: 'name', constraints: { isNotEmpty: 'name should not be empty' } })],
            }),
          ],
        }),
      ],
    });
    expect(fieldErrorsFrom([tree])).toEqual([
      { field: 'shelf.label', message: 'label must be a string' },
      { field: 'shelf.items[2].name', message: 'name should not be empty' },
    ]);
  });

  it('expands an EachItem failure to exactly the failing indexes', () => {
    const isShort = (item: unknown) => typeof item === 'string' && item.length <= 3;
    const failure = error({
      property: 'authors',
      value: ['ann', 'bartholomew', 'cy', 42],
      constraints: { eachItem: 'each author must be short' },
      contexts: { eachItem: { [EACH_ITEM_CONTEXT]: isShort } },
    });
    expect(fieldErrorsFrom([failure])).toEqual([
      { field: 'authors[1]', message: 'each author must be short' },
      { field: 'authors[3]', message: 'each author must be short' },
    ]);
  });

  it('maps unknownValue to "must be a JSON object" at the parent path', () => {
    const unknownRoot = error({ property: undefined, constraints: { unknownValue: 'an unknown value was passed' } });
    expect(fieldErrorsFrom([unknownRoot])).toEqual([{ field: '', message: 'must be a JSON object' }]);
    const unknownChild = error({ property: 'meta', children: [unknownRoot] });
    expect(fieldErrorsFrom([unknownChild])).toEqual([{ field: 'meta', message: 'must be a JSON object' }]);
  });

  it('returns nothing for no errors', () => {
    expect(fieldErrorsFrom([])).toEqual([]);
  });
});
