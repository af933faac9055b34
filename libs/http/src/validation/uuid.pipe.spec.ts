import { ValidationFailedError } from '../errors/validation-failed.error';
import { UuidPipe } from './uuid.pipe';

describe('UuidPipe', () => {
  const pipe = new UuidPipe();

  it('accepts a UUID and returns it lower-cased', () => {
    expect(pipe.transform('3F0E6F5C-2B8E-4F8E-9A57-6C1D2B0E8A41')).toBe('3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41');
  });

  it.each([
    '42',
    '',
    '3f0e6f5c2b8e4f8e9a576c1d2b0e8a41',
    '3f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a41x',
    'g f0e6f5c-2b8e-4f8e-9a57-6c1d2b0e8a4',
  ])('rejects %p as a 400 naming id', (value) => {
    expect(() => pipe.transform(value)).toThrow(ValidationFailedError);
    try {
      pipe.transform(value);
    } catch (error) {
      expect((error as ValidationFailedError).errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
      expect((error as ValidationFailedError).code).toBe('VALIDATION_FAILED');
    }
  });
});
