import type { OpenAPIObject } from '@nestjs/swagger';

// Facts of the whole contract that no decorator can state: each follows from how the service behaves
// everywhere, so it is written once here rather than on every DTO or operation.

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

function operationsOf(document: OpenAPIObject): Json[] {
  return Object.values(document.paths).flatMap((item) =>
    METHODS.map((method) => (item as Json)[method] as Json | undefined).filter((op): op is Json => op !== undefined),
  );
}

/** Every request body schema is closed: the validation pipe refuses unknown properties (forbidNonWhitelisted). */
export function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Json>;
  for (const op of operationsOf(document)) {
    const content = ((op.requestBody as Json | undefined)?.content ?? {}) as Record<string, { schema?: Json }>;
    for (const { schema } of Object.values(content)) {
      const ref = schema?.$ref;
      if (typeof ref === 'string') schemas[ref.replace('#/components/schemas/', '')].additionalProperties = false;
    }
  }
}

/** Each named enum's value names for both generator families (x-enumNames: NSwag; x-enum-varnames: openapi-generator). */
export function nameEnumValues(document: OpenAPIObject): void {
  for (const schema of Object.values(document.components?.schemas ?? {}) as Json[]) {
    if (Array.isArray(schema['x-enumNames'])) schema['x-enum-varnames'] = schema['x-enumNames'];
  }
}

/**
 * The rate limiter sends RateLimit-* on every answer it lets through, not only on its 429: an operation
 * whose 429 declares them declares them on its successes too.
 */
export function declareRateLimitHeadersOnSuccess(document: OpenAPIObject): void {
  for (const op of operationsOf(document)) {
    const responses = op.responses as Record<string, { headers?: Record<string, unknown> }>;
    const declared = responses['429']?.headers ?? {};
    const headers = Object.fromEntries(RATE_LIMIT_HEADERS.filter((h) => h in declared).map((h) => [h, declared[h]]));
    if (Object.keys(headers).length === 0) continue;
    for (const [status, response] of Object.entries(responses)) {
      if (/^2\d\d$/.test(status) || status === '304') response.headers = { ...response.headers, ...headers };
    }
  }
}
