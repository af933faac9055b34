import { PROBLEM_CONTENT_TYPE, PROBLEM_SCHEMA_NAME } from '@app/http';
import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_HEADER_BYTES } from './server-limits';
import { MAX_URI_LENGTH } from './uri-length.middleware';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Documents on every API operation (paths under `pathPrefix`) the two size refusals that can still happen
 * there: a request target longer than any valid one (414), and headers past the server's limit, which
 * unbounded credentials can reach (431). The probes keep their Terminus-only contract for orchestrators.
 */
export function withRequestLimitResponses(document: OpenAPIObject, pathPrefix = '/api/'): OpenAPIObject {
  const problem = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } } };
  for (const [route, path] of Object.entries(document.paths)) {
    if (!route.startsWith(pathPrefix)) continue;
    for (const method of HTTP_METHODS) {
      const operation = path[method];
      if (!operation) continue;
      operation.responses['414'] ??= {
        description: `Request target over ${MAX_URI_LENGTH} characters: longer than any valid request`,
        content: problem,
      };
      operation.responses['431'] ??= {
        description: `Request line and headers over ${MAX_HEADER_BYTES} bytes`,
        content: problem,
      };
    }
  }
  return document;
}
