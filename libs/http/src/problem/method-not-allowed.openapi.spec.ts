import type { OpenAPIObject } from '@nestjs/swagger';
import { withMethodNotAllowedResponses } from './method-not-allowed.openapi';

const document = (): OpenAPIObject =>
  ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/v1/books': { get: { responses: {} }, post: { responses: {} } },
      '/health': { get: { responses: {} } },
    },
  }) as unknown as OpenAPIObject;

describe('withMethodNotAllowedResponses', () => {
  it('declares 405 with Allow on every operation of an API path, naming the path’s methods', () => {
    const books = withMethodNotAllowedResponses(document()).paths['/api/v1/books'];
    for (const operation of [books.get!, books.post!]) {
      const declared = operation.responses['405'] as { description: string; headers: Record<string, unknown> };
      expect(declared.description).toContain('GET, POST');
      expect(declared.headers).toHaveProperty('Allow');
    }
  });

  it('leaves paths outside the API prefix alone (the probes keep their Terminus contract)', () => {
    expect(withMethodNotAllowedResponses(document()).paths['/health'].get!.responses).toEqual({});
  });
});
