import { withMethodNotAllowedResponses, withProblemTypes } from '@app/http';
import { withRequestIdHeader } from '@app/observability';
import { withRequestLimitResponses, withSecuritySchemes } from '@app/security';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { closeRequestBodies, declareRateLimitHeadersOnSuccess, nameEnumValues } from './openapi-exactness';
import { PROBLEM_TYPES } from '../problem-types';

/** The contract's version; the SDK's version follows it. Bump the major for a breaking change. */
export const CONTRACT_VERSION = '2.0.0';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = withSecuritySchemes(new DocumentBuilder())
    .setTitle('Book Library API')
    .setDescription(
      'The catalogue of a library: books with ISBN, authors, tags and more, on PostgreSQL. ' +
        'Errors are RFC 9457 problem+json; writes support optimistic concurrency with ETag/If-Match.',
    )
    .setVersion(CONTRACT_VERSION)
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This server')
    .addTag('books', 'The book catalogue')
    .addTag('health', 'Probes for the orchestrator: liveness and readiness, in Terminus JSON (not problem+json)')
    .build();
  const document = withProblemTypes(
    withRequestIdHeader(
      withMethodNotAllowedResponses(withRequestLimitResponses(SwaggerModule.createDocument(app, config))),
    ),
    PROBLEM_TYPES,
  );
  // A public API (OWASP API9: say who each server is for); DocumentBuilder has no slot for extensions.
  document.servers = document.servers?.map((server) => ({ ...server, 'x-internal': false }));
  closeRequestBodies(document);
  nameEnumValues(document);
  declareRateLimitHeadersOnSuccess(document);
  return document;
}

/**
 * Recursively sorts object keys so the committed document diffs deterministically; except the media types
 * of a `content` map, whose declared order is a preference (a generated client sends the first).
 */
export function sortKeys(value: unknown, keepOrder = false): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  return Object.fromEntries(
    (keepOrder ? keys : keys.sort()).map((key) => [
      key,
      sortKeys((value as Record<string, unknown>)[key], key === 'content'),
    ]),
  );
}

export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}
