import { ValidationFailedError } from '@app/http';
import { parseIdempotencyKey } from './idempotency-key';

const rejection = (header: string | string[]) => {
  try {
    parseIdempotencyKey(header);
  } catch (error) {
    return error;
  }
  throw new Error(`accepted ${JSON.stringify(header)}`);
};

describe('parseIdempotencyKey', () => {
  it('is undefined without the header', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['8e03978e-40d5-43e8-bc93-6894a57f9324', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['a', 'a'],
    ['key with spaces and ~!@#', 'key with spaces and ~!@#'],
    ['"with \\"quotes\\" and \\\\"', 'with "quotes" and \\'],
    ['x'.repeat(255), 'x'.repeat(255)],
  ])('accepts %j as the key %j', (header, key) => {
    expect(parseIdempotencyKey(header)).toBe(key);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(256), 'over 255 characters'],
    ['"' + 'x'.repeat(256) + '"', 'quoted, over 255 characters'],
    ['""', 'an empty sf-string'],
    ['caf\u00e9', 'not ASCII'],
    ['tab\there', 'a control character'],
    ['"unterminated \\"', 'an escape eating the closing quote'],
    ['"bad \\n escape"', 'an escape other than \\" and \\\\'],
    ['"inner " quote"', 'a bare quote inside an sf-string'],
  ])('rejects %j (%s) with a 400 naming the header', (header) => {
    const error = rejection(header);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).errors).toEqual([
      { field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
    ]);
  });

  it('rejects the header sent twice', () => {
    expect((rejection(['a', 'b']) as ValidationFailedError).errors[0].message).toBe('must be sent once');
  });
});
