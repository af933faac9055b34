import { DomainError } from '@app/errors';

export class JsonTooDeepError extends DomainError {
  readonly code = 'JSON_TOO_DEEP';

  constructor(maxDepth: number) {
    super(`The request body nests objects or arrays more than ${maxDepth} levels deep`);
  }
}
