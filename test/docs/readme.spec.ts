import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { apiKeysOf } from '../../apps/api/src/config/api-keys';
import { ENV_VAR_NAMES, parseEnv } from '../../apps/api/src/config/env.schema';

// The README is part of the product: its env-var table, commands and make targets must match the code.

const ROOT = resolve(__dirname, '../..');
const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const scripts = Object.keys(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).scripts);
const makefile = readFileSync(resolve(ROOT, 'Makefile'), 'utf8');

function envTable(): Map<string, string> {
  const table = readme.split('<!-- env-table:start -->')[1]?.split('<!-- env-table:end -->')[0] ?? '';
  const rows = table
    .split('\n')
    .map((line) => line.match(/^\| `([A-Z_]+)` \| ([^|]+) \|/))
    .filter((m): m is RegExpMatchArray => m !== null);
  return new Map(rows.map((m) => [m[1], m[2].trim()]));
}

describe('README', () => {
  it('lists every configuration variable the service reads, and no other', () => {
    expect([...envTable().keys()].sort()).toEqual([...ENV_VAR_NAMES].sort());
  });

  it('states the defaults the schema really applies', () => {
    const defaults = parseEnv({}, false) as Record<string, unknown>;
    for (const [name, documented] of envTable()) {
      const actual = defaults[name];
      if (name === 'LOG_FORMAT') {
        // The one default that depends on where stdout goes.
        const atTerminal = parseEnv({}, true).LOG_FORMAT;
        expect([name, documented]).toEqual([
          name,
          `\`${String(actual)}\` (\`${atTerminal}\` on a terminal in development)`,
        ]);
        continue;
      }
      if (actual === undefined) expect([name, documented]).toEqual([name, '(unset)']);
      else if (Array.isArray(actual) && actual.length === 0) expect([name, documented]).toEqual([name, '(empty)']);
      else expect([name, documented]).toEqual([name, `\`${String(actual)}\``]);
    }
  });

  it('states the API-key rules start-up enforces, for both ways to give keys', () => {
    const refusal = (variable: string, keys: string): string => {
      const env = variable === 'API_KEYS' ? { API_KEYS: keys } : { API_KEYS_FILE: '/keys' };
      try {
        apiKeysOf(parseEnv(env), () => keys.replaceAll(',', '\n'));
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error(`${variable}=${keys} was accepted`);
    };
    for (const variable of ['API_KEYS', 'API_KEYS_FILE']) {
      // The rule as the code words it, taken from its refusal of an 11-character key.
      const rule = /must be (at least \d+ visible ASCII characters)/.exec(refusal(variable, 'k'.repeat(11)))?.[1];
      expect(rule).toBe('at least 12 visible ASCII characters');
      expect(refusal(variable, `${'k'.repeat(11)} x`)).toContain(rule);
      expect(() => apiKeysOf(parseEnv({ API_KEYS: 'k'.repeat(12) }))).not.toThrow();
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${variable}\` |`)) ?? '';
      expect(row).toMatch(variable === 'API_KEYS' ? rule! : /same key rules as `API_KEYS`/);
    }
  });

  it('names only npm scripts and make targets that exist', () => {
    const npmRuns = [...readme.matchAll(/npm run ([a-z0-9:-]+)/g)].map((m) => m[1]);
    const slashed = [...readme.matchAll(/`(test:[a-z0-9]+)`/g)].map((m) => m[1]);
    for (const script of [...npmRuns, ...slashed]) expect(scripts).toContain(script);
    const makeTargets = [...readme.matchAll(/(?:^|`)make ([a-z-]+)/gm)].map((m) => m[1]);
    for (const target of makeTargets) expect(makefile).toMatch(new RegExp(`^${target}:`, 'm'));
  });
});
