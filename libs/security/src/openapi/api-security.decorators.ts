import { ApiProblemResponse, ProblemDto } from '@app/http';
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, DocumentBuilder } from '@nestjs/swagger';
import { WRITE_SCOPE } from '../auth/write-scope';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

/** Stated wherever a client reads about credentials, so sending both schemes holds no surprise. */
const CREDENTIALS_RULE =
  'Either scheme is enough; if a request presents both, each must be valid: any invalid credential fails it with 401.';

const header = (description: string, type: 'string' | 'integer' = 'string') => ({ description, schema: { type } });

/** Adds the two ways to authenticate a write to the contract's components. */
export function withSecuritySchemes(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key or JWT',
        description:
          `An API key, or (when the service is configured for it) an OAuth2/OIDC JWT with the ${WRITE_SCOPE} scope. ` +
          CREDENTIALS_RULE,
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: `An API key. ${CREDENTIALS_RULE}` },
      API_KEY_SCHEME,
    );
}

/** A write: needs an API key (either header) or a JWT with the write scope. */
export const ApiWriteAccess = () =>
  applyDecorators(
    ApiBearerAuth(BEARER_SCHEME),
    ApiSecurity(API_KEY_SCHEME),
    ApiProblemResponse(401, 'No credential, or a credential presented is not valid', ProblemDto, {
      'WWW-Authenticate': header('Bearer challenge (RFC 6750)'),
    }),
    ApiProblemResponse(403, `The token lacks the ${WRITE_SCOPE} scope`, ProblemDto, {
      'WWW-Authenticate': header('Bearer challenge naming the missing scope'),
    }),
  );

/** Every operation is rate limited per client. */
export const ApiRateLimited = () =>
  ApiProblemResponse(429, 'Over the per-client rate limit for this kind of request', ProblemDto, {
    'Retry-After': header('Seconds until a request may succeed', 'integer'),
    'RateLimit-Limit': header('Requests allowed per window', 'integer'),
    'RateLimit-Remaining': header('Requests left in this window', 'integer'),
    'RateLimit-Reset': header('Seconds until the window resets', 'integer'),
  });
