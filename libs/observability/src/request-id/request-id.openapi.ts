import type { OpenAPIObject } from '@nestjs/swagger';
import { REQUEST_ID_HEADER, REQUEST_ID_MAX_LENGTH, SANE_REQUEST_ID } from './request-id';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** isSaneRequestId's own rule, for clients and contract tools. */
const REQUEST_ID_SCHEMA = {
  type: 'string' as const,
  pattern: SANE_REQUEST_ID.source,
  maxLength: REQUEST_ID_MAX_LENGTH,
};

/**
 * Declares X-Request-ID on every operation of the document: an optional request header (kept when sane,
 * replaced by a UUID otherwise) and a header on every response, so SDK users can send and read it.
 * The middleware sets it on every answer, errors included; decorators cannot reach every response.
 */
export function withRequestIdHeader(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.parameters = {
    ...components.parameters,
    [REQUEST_ID_HEADER]: {
      name: REQUEST_ID_HEADER,
      in: 'header',
      required: false,
      description: 'Correlation id for this request; kept if it matches the pattern, else the service makes one',
      schema: REQUEST_ID_SCHEMA,
    },
  };
  components.headers = {
    ...components.headers,
    [REQUEST_ID_HEADER]: {
      description:
        'The request id: the caller’s X-Request-ID when it was sane, else a UUID; logs carry it as request_id',
      schema: REQUEST_ID_SCHEMA,
    },
  };
  for (const path of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = path[method];
      if (!operation) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        { $ref: `#/components/parameters/${REQUEST_ID_HEADER}` },
      ];
      for (const response of Object.values(operation.responses ?? {})) {
        if (!response || '$ref' in response) continue;
        response.headers = {
          ...response.headers,
          [REQUEST_ID_HEADER]: { $ref: `#/components/headers/${REQUEST_ID_HEADER}` },
        };
      }
    }
  }
  return document;
}
