import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { HttpRequest } from '@app/http';
import { AuthenticationRequiredError } from '../errors/authentication-required.error';
import { InsufficientScopeError } from '../errors/insufficient-scope.error';
import { WRITE_SCOPE } from './write-scope';
import { Authenticator } from './authenticator';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reads are public; every other method is a write. */
export const isWrite = (request: Pick<HttpRequest, 'method'>): boolean =>
  !READ_METHODS.has(request.method.toUpperCase());

/**
 * Global guard: reads are public, writes need a valid API key or a JWT with the write scope.
 * Secure by default: any write route added later is covered without a decorator.
 */
@Injectable()
export class WriteAccessGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!isWrite(request) || this.authenticator.writesAreOpen) return true;
    const authentication = await this.authenticator.authenticate(request);
    switch (authentication.outcome) {
      case 'anonymous':
        throw new AuthenticationRequiredError();
      case 'rejected':
        throw authentication.error;
      case 'authenticated': {
        const { scopes } = authentication.principal;
        if (scopes !== undefined && !scopes.includes(WRITE_SCOPE)) throw new InsufficientScopeError();
        return true;
      }
    }
  }
}
