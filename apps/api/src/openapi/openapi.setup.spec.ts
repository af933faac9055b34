import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi.document';
import { setupOpenApi } from './openapi.setup';

jest.mock('./openapi.document', () => ({ buildOpenApiDocument: jest.fn(() => ({ openapi: '3.0.0' })) }));

describe('setupOpenApi', () => {
  it('serves /docs with a document built on its first request, not at start-up', () => {
    const setup = jest.spyOn(SwaggerModule, 'setup').mockImplementation(() => undefined);
    const app = {} as INestApplication;
    setupOpenApi(app);
    expect(buildOpenApiDocument).not.toHaveBeenCalled();
    const [path, , factory, options] = setup.mock.calls[0];
    expect(path).toBe('docs');
    expect(options).toMatchObject({ jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml' });
    expect((factory as () => unknown)()).toEqual({ openapi: '3.0.0' });
    expect(buildOpenApiDocument).toHaveBeenCalledWith(app);
  });
});
