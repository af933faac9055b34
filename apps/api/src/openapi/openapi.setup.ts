import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi.document';

/**
 * Swagger UI at /docs and the live document at /docs/openapi.json (assets are served locally). The document
 * is built on its first request, not at start-up: scanning every route costs each start ~25 ms before /ready.
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Book Library API',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
}
