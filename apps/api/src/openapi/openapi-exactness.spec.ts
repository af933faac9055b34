import type { OpenAPIObject } from '@nestjs/swagger';
import { closeRequestBodies, declareRateLimitHeadersOnSuccess, nameEnumValues } from './openapi-exactness';

const limitHeader = { schema: { type: 'integer' } };

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 'T', version: '1' },
    paths: {
      '/things': {
        post: {
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingInput' } } } },
          responses: {
            '201': { description: 'Created', headers: { ETag: { schema: { type: 'string' } } } },
            '400': { description: 'Bad' },
            '429': {
              description: 'Slow down',
              headers: { 'RateLimit-Limit': limitHeader, 'Retry-After': limitHeader },
            },
          },
        },
        get: { responses: { '200': { description: 'OK' }, '304': { description: 'Same' } } },
      },
    },
    components: {
      schemas: {
        ThingInput: { type: 'object', properties: {} },
        Thing: { type: 'object', properties: {} },
        Order: { type: 'string', enum: ['a', '-a'], 'x-enumNames': ['A', 'A_DESC'] },
      },
    },
  } as unknown as OpenAPIObject;
}

describe('contract exactness', () => {
  it('closes the schemas of request bodies, and only those', () => {
    const doc = document();
    closeRequestBodies(doc);
    expect(doc.components!.schemas!.ThingInput).toMatchObject({ additionalProperties: false });
    expect(doc.components!.schemas!.Thing).not.toHaveProperty('additionalProperties');
  });

  it('names enum values for openapi-generator as for NSwag', () => {
    const doc = document();
    nameEnumValues(doc);
    expect(doc.components!.schemas!.Order).toMatchObject({ 'x-enum-varnames': ['A', 'A_DESC'] });
    expect(doc.components!.schemas!.Thing).not.toHaveProperty('x-enum-varnames');
  });

  it('declares the RateLimit headers of a 429 on the successes of the same operation only', () => {
    const doc = document();
    declareRateLimitHeadersOnSuccess(doc);
    const post = doc.paths['/things'].post!.responses as Record<string, { headers?: object }>;
    expect(post['201'].headers).toEqual({ ETag: { schema: { type: 'string' } }, 'RateLimit-Limit': limitHeader });
    expect(post['400'].headers).toBeUndefined();
    const get = doc.paths['/things'].get!.responses as Record<string, { headers?: object }>;
    expect(get['200'].headers).toBeUndefined();
  });
});
