import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { PROBLEM_SCHEMA_NAME } from './problem-types.openapi';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * OpenAPI has no slot for a method a path does not have, so every operation of an API path declares the 405
 * its siblings answer (a method the path lacks), with the `Allow` header listing the path's methods: a client
 * (and its generator) finds the answer's shape on the path it called.
 */
export function withMethodNotAllowedResponses(document: OpenAPIObject, pathPrefix = '/api/'): OpenAPIObject {
  const problem = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } } };
  for (const [route, path] of Object.entries(document.paths)) {
    if (!route.startsWith(pathPrefix)) continue;
    const methods = HTTP_METHODS.filter((method) => path[method]);
    const allow = methods.map((method) => method.toUpperCase()).join(', ');
    for (const method of methods) {
      path[method]!.responses['405'] ??= {
        description: `Another method on this path than ${allow}: \`Allow\` lists the methods it has`,
        headers: { Allow: { description: 'The methods this path has', schema: { type: 'string', example: allow } } },
        content: problem,
      };
    }
  }
  return document;
}
