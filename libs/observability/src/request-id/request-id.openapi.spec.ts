import type { OpenAPIObject } from '@nestjs/swagger';
import { isSaneRequestId } from './request-id';
import { withRequestIdHeader } from './request-id.openapi';

function documentWith(paths: OpenAPIObject['paths']): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths };
}

describe('withRequestIdHeader', () => {
  it('adds the optional request header and the response header to every operation and response', () => {
    const document = withRequestIdHeader(
      documentWith({
        '/a': {
          get: { responses: { '200': { description: 'ok', headers: { ETag: { description: 'tag' } } } } },
          post: {
            parameters: [{ name: 'Idempotency-Key', in: 'header' }],
            responses: { '201': { description: 'made' }, '400': { description: 'bad' } },
          },
        },
        '/b/{id}': { delete: { responses: { '204': { description: 'gone' } } } },
      }),
    );

    const ref = { $ref: '#/components/headers/X-Request-ID' };
    const param = { $ref: '#/components/parameters/X-Request-ID' };
    expect(document.paths['/a'].get!.parameters).toEqual([param]);
    expect(document.paths['/a'].post!.parameters).toEqual([{ name: 'Idempotency-Key', in: 'header' }, param]);
    expect(document.paths['/a'].get!.responses['200']).toEqual({
      description: 'ok',
      headers: { ETag: { description: 'tag' }, 'X-Request-ID': ref },
    });
    expect(document.paths['/a'].post!.responses['400']).toMatchObject({ headers: { 'X-Request-ID': ref } });
    expect(document.paths['/b/{id}'].delete!.responses['204']).toMatchObject({ headers: { 'X-Request-ID': ref } });
    expect(document.components!.parameters!['X-Request-ID']).toMatchObject({ in: 'header', required: false });
  });

  it('declares the documented rule, 1 to 128 characters of A-Za-z0-9._:-, as the middleware enforces it', () => {
    // Expectations written out from the rule (README, "X-Request-ID"), not computed from the regex under test.
    const cases: [string, boolean][] = [
      ['abc-123', true],
      ['x.y_z:1', true],
      ['A'.repeat(128), true],
      ['9', true],
      ['a'.repeat(129), false],
      ['', false],
      ['has space', false],
      ['a/b', false],
      ['é', false],
      ['a\nb', false],
      ['trailing\n', false],
    ];
    const document = withRequestIdHeader(documentWith({}));
    const schema = (document.components!.headers!['X-Request-ID'] as { schema: { pattern: string; maxLength: number } })
      .schema;
    expect(schema.maxLength).toBe(128);
    const pattern = new RegExp(schema.pattern);
    for (const [id, sane] of cases) {
      expect([id, 'contract', pattern.test(id) && id.length <= schema.maxLength]).toEqual([id, 'contract', sane]);
      expect([id, 'middleware', isSaneRequestId(id)]).toEqual([id, 'middleware', sane]);
    }
  });
});
