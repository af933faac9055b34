import { HEADER_FIELDS_ALLOWANCE, MAX_HEADER_BYTES, MAX_URI_LENGTH } from '@app/security';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = {
  type?: string;
  maxLength?: number;
  maximum?: number;
  minimum?: number;
  enum?: unknown[];
  $ref?: string;
};
type Parameter = { name: string; in: string; schema?: Schema; $ref?: string };
type Contract = {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  components: { parameters?: Record<string, Parameter>; schemas?: Record<string, Schema> };
};

const contract = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as Contract;

/** A code point percent-encoded at worst: 4 UTF-8 bytes, `%XX` each. */
const WORST_ENCODED_CHARS_PER_CHARACTER = 12;
/** Every path parameter of this API is a UUID (UuidPipe refuses anything else). */
const UUID_LENGTH = 36;

/** The longest a valid value of this schema is once percent-encoded in a URI; unbounded strings fail the test. */
function longestEncoded(name: string, declared: Schema = {}): number {
  // A named schema (e.g. the sort enum) is read where it is defined.
  const schema = declared.$ref ? contract.components.schemas![declared.$ref.split('/').pop()!] : declared;
  if (schema.enum) return Math.max(...schema.enum.map((v) => encodeURIComponent(String(v)).length));
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.maximum === undefined || schema.minimum === undefined) throw new Error(`${name} has no bounds`);
    return Math.max(String(schema.maximum).length, String(schema.minimum).length);
  }
  if (schema.maxLength === undefined) throw new Error(`${name} has no maxLength: no URI limit can be above it`);
  return schema.maxLength * WORST_ENCODED_CHARS_PER_CHARACTER;
}

/** The longest valid request target of each operation: every query parameter present at its longest. */
function longestTargets(): { operation: string; length: number }[] {
  return Object.entries(contract.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const parameters = (operation.parameters ?? []).map((p) =>
        p.$ref ? contract.components.parameters![p.$ref.split('/').pop()!] : p,
      );
      const pathLength = path.replace(/\{[^}]+\}/g, 'x'.repeat(UUID_LENGTH)).length;
      const query = parameters
        .filter((p) => p.in === 'query')
        .map((p) => p.name.length + 1 + longestEncoded(p.name, p.schema));
      const queryLength = query.length === 0 ? 0 : 1 + query.reduce((a, b) => a + b, 0) + (query.length - 1);
      return { operation: `${method.toUpperCase()} ${path}`, length: pathLength + queryLength };
    }),
  );
}

describe('request size limits against the contract', () => {
  const longest = longestTargets().sort((a, b) => b.length - a.length)[0];

  it('finds the listing, all filters at their maxLength, the longest valid request target', () => {
    expect(longest.operation).toBe('GET /api/v1/books');
    expect(longest.length).toBeGreaterThan(2048); // the old limit refused valid requests
  });

  it('puts the URI limit (414) above the longest valid request target', () => {
    expect(MAX_URI_LENGTH).toBeGreaterThanOrEqual(longest.length);
  });

  it('puts the header limit (431) above the longest request line plus the headers’ allowance', () => {
    const requestLine = `DELETE ${'x'.repeat(longest.length)} HTTP/1.1\r\n`.length;
    expect(MAX_HEADER_BYTES).toBeGreaterThanOrEqual(requestLine + HEADER_FIELDS_ALLOWANCE);
  });
});
