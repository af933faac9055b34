import { createHash } from 'node:crypto';
import { ApiKeyRing } from './api-key-ring';

const KEY_A = 'first-key-0123456789';
const KEY_B = 'second-key-0123456789';
const idOf = (key: string) => `key:${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;

describe('ApiKeyRing', () => {
  const ring = new ApiKeyRing([KEY_A, KEY_B, KEY_A]);

  it('keeps one digest per distinct key', () => {
    expect(ring.size).toBe(2);
  });

  it('names the principal by the first 8 hex digits of the key digest, never the key', () => {
    expect(ring.verify(KEY_A)).toEqual({ id: idOf(KEY_A) });
    expect(ring.verify(KEY_B)).toEqual({ id: idOf(KEY_B) });
    expect(JSON.stringify(ring)).not.toContain(KEY_A);
  });

  it.each(['', 'first-key', `${KEY_A} `, KEY_A.toUpperCase(), `${KEY_A}${KEY_B}`, idOf(KEY_A)])(
    'refuses %p',
    (presented) => {
      expect(ring.verify(presented)).toBeUndefined();
    },
  );

  it('refuses everything when empty', () => {
    expect(new ApiKeyRing([]).verify(KEY_A)).toBeUndefined();
  });
});
