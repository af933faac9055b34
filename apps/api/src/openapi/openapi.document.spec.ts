import type { OpenAPIObject } from '@nestjs/swagger';
import { serializeOpenApiDocument, sortKeys } from './openapi.document';

describe('sortKeys', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    const sorted = sortKeys({ b: 1, a: { z: [3, 1, { y: 1, x: 2 }], c: null } });
    expect(JSON.stringify(sorted)).toBe('{"a":{"c":null,"z":[3,1,{"x":2,"y":1}]},"b":1}');
  });

  it('keeps the declared order of media types in a content map (a generated client sends the first)', () => {
    const sorted = sortKeys({ content: { 'application/merge-patch+json': { b: 1, a: 2 }, 'application/json': {} } });
    expect(JSON.stringify(sorted)).toBe(
      '{"content":{"application/merge-patch+json":{"a":2,"b":1},"application/json":{}}}',
    );
  });

  it('leaves scalars alone', () => {
    expect(sortKeys('text')).toBe('text');
    expect(sortKeys(42)).toBe(42);
    expect(sortKeys(null)).toBeNull();
  });
});

describe('serializeOpenApiDocument', () => {
  const doc = { paths: {}, openapi: '3.0.0', info: { version: '1.0.0', title: 'T' } } as OpenAPIObject;

  it('writes sorted, two-space indented JSON ending with one newline', () => {
    const text = serializeOpenApiDocument(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).toBe(
      `${JSON.stringify({ info: { title: 'T', version: '1.0.0' }, openapi: '3.0.0', paths: {} }, null, 2)}\n`,
    );
  });

  it('is the same for documents that differ only in key order', () => {
    const reordered = { info: { title: 'T', version: '1.0.0' }, openapi: '3.0.0', paths: {} } as OpenAPIObject;
    expect(serializeOpenApiDocument(reordered)).toBe(serializeOpenApiDocument(doc));
  });
});
