import fc from 'fast-check';
import { deref, type OpenApiDocument, type Schema } from './openapi-document';

/** Which characters strings are made of: any printable grapheme, or visible ASCII (HTTP header values). */
export type TextUnit = 'grapheme' | 'grapheme-ascii';

const MAX_INT32 = 2 ** 31 - 1;

/** Any string the bounds allow, short ones often and the longest allowed ones too (boundaries find bugs). */
function text(schema: Schema, unit: TextUnit): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? 64;
  return fc.oneof(fc.string({ minLength, maxLength, unit }), fc.string({ minLength, maxLength, unit, size: 'max' }));
}

function formatted(format: string): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString());
    case 'uri':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
    default:
      return undefined;
  }
}

/**
 * A fast-check arbitrary for the values a JSON Schema (OpenAPI 3.0 or 3.1 flavour) accepts, for the
 * keywords this contract uses. Callers filter with a JSON Schema validator as well, so an approximation
 * here can only cost a discarded value, never a schema-invalid request.
 */
export function arbitraryFor(
  document: OpenApiDocument,
  raw: Schema,
  unit: TextUnit = 'grapheme',
): fc.Arbitrary<unknown> {
  const schema = deref<Schema>(document, raw);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const nullable = schema.nullable === true || types.includes('null');
  const type = types.find((t) => t !== 'null');
  let value: fc.Arbitrary<unknown>;

  if (Array.isArray(schema.enum)) value = fc.constantFrom(...(schema.enum as unknown[]));
  else if (schema.const !== undefined) value = fc.constant(schema.const);
  else if (Array.isArray(schema.oneOf ?? schema.anyOf))
    value = fc.oneof(...((schema.oneOf ?? schema.anyOf) as Schema[]).map((s) => arbitraryFor(document, s, unit)));
  else if (Array.isArray(schema.allOf) && (schema.allOf as Schema[]).length === 1)
    value = arbitraryFor(document, (schema.allOf as Schema[])[0], unit);
  else if (type === 'string') {
    const byFormat = typeof schema.format === 'string' ? formatted(schema.format) : undefined;
    if (byFormat) value = byFormat;
    else if (typeof schema.pattern === 'string') value = fc.stringMatching(new RegExp(schema.pattern as string));
    else value = text(schema, unit);
  } else if (type === 'integer') {
    const min = (schema.minimum as number | undefined) ?? -MAX_INT32 - 1;
    const max = (schema.maximum as number | undefined) ?? MAX_INT32;
    value = fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
  } else if (type === 'number') {
    value = fc.double({
      min: schema.minimum as number | undefined,
      max: schema.maximum as number | undefined,
      noNaN: true,
      noDefaultInfinity: true,
    });
  } else if (type === 'boolean') value = fc.boolean();
  else if (type === 'array') {
    const items = arbitraryFor(document, (schema.items as Schema | undefined) ?? {}, unit);
    const bounds = {
      minLength: (schema.minItems as number | undefined) ?? 0,
      maxLength: (schema.maxItems as number | undefined) ?? 5,
    };
    value = schema.uniqueItems
      ? fc.uniqueArray(items, { ...bounds, selector: (v) => JSON.stringify(v) })
      : fc.array(items, bounds);
  } else if (type === 'object' || schema.properties !== undefined) {
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    const shape = Object.fromEntries(
      Object.entries(properties)
        .filter(([, property]) => deref<Schema>(document, property).readOnly !== true)
        .map(([name, property]) => [name, arbitraryFor(document, property, unit)]),
    );
    const requiredKeys = ((schema.required as string[] | undefined) ?? []).filter((name) => name in shape);
    value = fc.record(shape, { requiredKeys });
  } else value = fc.jsonValue();

  // The contract's own examples are values a client is told to send: try them too.
  if (schema.example !== undefined)
    value = fc.oneof({ arbitrary: value, weight: 1 }, { arbitrary: fc.constant(schema.example), weight: 1 });
  return nullable ? fc.option(value, { nil: null, freq: 5 }) : value;
}
