import { DomainError } from './domain.error';

class ShelfFullError extends DomainError {
  readonly code = 'SHELF_FULL';
  override readonly retryAfterSeconds = 30;

  constructor(readonly shelf: string) {
    super(`Shelf ${shelf} holds no more books`);
  }

  override get details() {
    return { shelf: this.shelf };
  }
}

class PlainError extends DomainError {
  readonly code = 'PLAIN';
}

describe('DomainError', () => {
  it('carries a code, the message, its details and when to retry, and is named after its class', () => {
    const error = new ShelfFullError('B-12');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ShelfFullError',
      code: 'SHELF_FULL',
      message: 'Shelf B-12 holds no more books',
      details: { shelf: 'B-12' },
      retryAfterSeconds: 30,
    });
  });

  it('has no details and no retry hint unless a subclass gives them', () => {
    const error = new PlainError('nothing more to say');
    expect(error.details).toEqual({});
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.name).toBe('PlainError');
  });
});
