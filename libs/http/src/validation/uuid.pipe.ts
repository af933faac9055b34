import { Injectable, PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '../errors/validation-failed.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `id` path parameter must be a UUID; anything else is a 400 naming it, never a database error. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new ValidationFailedError([{ field: 'id', message: 'must be a UUID' }]);
    return value.toLowerCase();
  }
}
