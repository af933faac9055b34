import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ValidationFailedError } from '../errors/validation-failed.error';
import { EachItem } from './each-item.decorator';
import { validateInput } from './validate-input';

class LineDto {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  copies!: number;
}

class OrderDto {
  @IsString()
  customer!: string;

  @IsArray()
  @EachItem((item) => typeof item === 'string' && item.length > 0, 'each note must be non-empty text')
  notes!: string[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

const valid = { customer: 'ada', notes: ['gift'], lines: [{ name: 'Dune', copies: 1 }] };

async function fieldErrors(plain: unknown) {
  try {
    await validateInput(OrderDto, plain);
  } catch (e) {
    if (e instanceof ValidationFailedError) return e.errors;
    throw e;
  }
  throw new Error('expected a ValidationFailedError');
}

describe('validateInput', () => {
  it('returns an instance of the class for valid input', async () => {
    const order = await validateInput(OrderDto, valid);
    expect(order).toBeInstanceOf(OrderDto);
    expect(order.lines[0]).toBeInstanceOf(LineDto);
  });

  it.each([null, 'text', 42, ['a'], undefined])('rejects the non-object %p as a whole', async (plain) => {
    expect(await fieldErrors(plain)).toEqual([{ field: '', message: 'the body must be a JSON object' }]);
  });

  it('names nested fields by path and array elements by index', async () => {
    const lines = [
      { name: 'Dune', copies: 1 },
      { name: 'Emma', copies: 2 },
      { name: 7, copies: 0 },
    ];
    const errors = await fieldErrors({ ...valid, lines });
    expect(errors.map((e) => e.field).sort()).toEqual(['lines[2].copies', 'lines[2].name']);
  });

  it('names exactly the failing EachItem elements', async () => {
    expect(await fieldErrors({ ...valid, notes: ['ok', '', 'fine', 3] })).toEqual([
      { field: 'notes[1]', message: 'each note must be non-empty text' },
      { field: 'notes[3]', message: 'each note must be non-empty text' },
    ]);
  });

  it('rejects an unknown property by name, at any depth', async () => {
    const errors = await fieldErrors({ ...valid, coupon: 'FREE', lines: [{ name: 'Dune', copies: 1, gift: true }] });
    expect(errors.map((e) => e.field).sort()).toEqual(['coupon', 'lines[0].gift']);
  });

  it('reports one message per field, even when it breaks several rules', async () => {
    const errors = await fieldErrors({ ...valid, lines: [{ name: 'Dune', copies: 'many' }] });
    expect(errors).toEqual([{ field: 'lines[0].copies', message: expect.any(String) }]);
  });
});
