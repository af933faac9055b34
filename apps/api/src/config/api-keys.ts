import { readFileSync } from 'node:fs';
import { InvalidConfigError } from '../errors/invalid-config.error';
import type { AppConfig } from './env.schema';

/** Header-safe and not trivially guessable; a real key should be 32+ random bytes (SECURITY.md). */
const KEY_FORMAT = /^[\x21-\x7e]{12,}$/;

/** One key per line; blank lines and `#` comments are ignored, surrounding spaces trimmed. */
export function keysInFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function checked(variable: string, keys: string[]): string[] {
  const bad = keys.findIndex((key) => !KEY_FORMAT.test(key));
  // The message names the variable and the key's position, never the key.
  if (bad >= 0) throw new InvalidConfigError(variable, `key #${bad + 1} must be at least 12 visible ASCII characters`);
  return keys;
}

/**
 * The API keys from API_KEYS and API_KEYS_FILE together (both may hold keys while they are
 * rotated). Read once at start-up; an unreadable file stops start-up naming API_KEYS_FILE.
 */
export function apiKeysOf(
  config: AppConfig,
  // The path is the operator's API_KEYS_FILE, read once at start-up.
  // eslint-disable-next-line security/detect-non-literal-fs-filename
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string[] {
  const keys = checked('API_KEYS', config.API_KEYS ?? []);
  if (config.API_KEYS_FILE === undefined) return keys;
  let text: string;
  try {
    text = readFile(config.API_KEYS_FILE);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InvalidConfigError('API_KEYS_FILE', `cannot be read (${reason}): ${config.API_KEYS_FILE}`);
  }
  const fromFile = checked('API_KEYS_FILE', keysInFile(text));
  if (fromFile.length === 0 && keys.length === 0 && config.NODE_ENV === 'production' && !config.AUTH_JWKS_URL) {
    throw new InvalidConfigError(
      'API_KEYS_FILE',
      `holds no key (NODE_ENV=production needs at least one): ${config.API_KEYS_FILE}`,
    );
  }
  return [...keys, ...fromFile];
}
