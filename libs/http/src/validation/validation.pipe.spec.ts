import { IsInt, IsString, Max } from 'class-validator';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { createValidationPipe } from './validation.pipe';

class ExampleDto {
  @IsString()
  title!: string;

  @Max(10)
  @IsInt()
  count!: number;
}

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();
  const asBody = (value: unknown) => pipe.transform(value, { type: 'body', metatype: ExampleDto });

  /** The field errors the pipe raised for `value` (fails the test if it accepted it). */
  async function fieldErrorsOf(value: unknown) {
    const error = await asBody(value).then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as ValidationFailedError).errors;
  }

  it('turns a valid body into an instance of the DTO class', async () => {
    const body = await asBody({ title: 'Dune', count: 3 });
    expect(body).toBeInstanceOf(ExampleDto);
    expect(body).toEqual({ title: 'Dune', count: 3 });
  });

  it('rejects a wrong value as a 400 naming the field', async () => {
    expect(await fieldErrorsOf({ title: 'Dune', count: 11 })).toEqual([
      { field: 'count', message: expect.any(String) },
    ]);
  });

  it('rejects an unknown property instead of dropping it', async () => {
    expect(await fieldErrorsOf({ title: 'Dune', count: 1, isAdmin: true })).toEqual([
      expect.objectContaining({ field: 'isAdmin' }),
    ]);
  });

  it('does not convert types implicitly: "3" is not a number', async () => {
    expect(await fieldErrorsOf({ title: 'Dune', count: '3' })).toEqual([expect.objectContaining({ field: 'count' })]);
  });
});
