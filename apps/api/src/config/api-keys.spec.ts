import { apiKeysOf, keysInFile } from './api-keys';
import { InvalidConfigError } from '../errors/invalid-config.error';
import { parseEnv } from './env.schema';

const KEY_A = 'key-a-0123456789';
const KEY_B = 'key-b-0123456789';

function failure(run: () => unknown): InvalidConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidConfigError) return error;
    throw error;
  }
  throw new Error('expected an InvalidConfigError');
}

describe('keysInFile', () => {
  it('reads one key per line, ignoring blank lines, comments and surrounding spaces', () => {
    expect(keysInFile(`# rotated 2026-01\n${KEY_A}\n\n  ${KEY_B}  \r\n   # old key removed\n`)).toEqual([KEY_A, KEY_B]);
  });
});

describe('apiKeysOf', () => {
  it('joins API_KEYS and the keys of API_KEYS_FILE', () => {
    const config = parseEnv({ API_KEYS: KEY_A, API_KEYS_FILE: '/secrets/keys' });
    expect(apiKeysOf(config, () => `${KEY_B}\n`)).toEqual([KEY_A, KEY_B]);
  });

  it('has no keys when neither is set', () => {
    expect(apiKeysOf(parseEnv({}))).toEqual([]);
  });

  it('stops start-up naming API_KEYS_FILE when the file cannot be read', () => {
    const error = failure(() => apiKeysOf(parseEnv({ API_KEYS_FILE: '/nonexistent/api-keys' })));
    expect(error.variable).toBe('API_KEYS_FILE');
    expect(error.message).toBe('Invalid configuration: API_KEYS_FILE cannot be read (ENOENT): /nonexistent/api-keys');
  });

  it('refuses an empty key file in production', () => {
    const config = parseEnv({ NODE_ENV: 'production', API_KEYS_FILE: '/secrets/keys' });
    expect(failure(() => apiKeysOf(config, () => '# nothing yet\n')).message).toMatch(
      /^Invalid configuration: API_KEYS_FILE holds no key/,
    );
    expect(apiKeysOf(parseEnv({ API_KEYS_FILE: '/secrets/keys' }), () => '')).toEqual([]);
  });

  it.each([
    ['API_KEYS', { API_KEYS: `${KEY_A},short` }, undefined],
    ['API_KEYS_FILE', { API_KEYS_FILE: '/secrets/keys' }, `${KEY_A}\nkey with spaces inside\n`],
  ])('refuses a weak or malformed key in %s without printing it', (variable, env, file) => {
    const error = failure(() => apiKeysOf(parseEnv(env), () => file ?? ''));
    expect(error.variable).toBe(variable);
    expect(error.message).toContain('key #2');
    expect(error.message).not.toMatch(/short|spaces/);
  });
});
