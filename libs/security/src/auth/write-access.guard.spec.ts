import type { ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '@app/http';
import type { Authentication, Authenticator } from './authenticator';
import { AuthenticationRequiredError } from '../errors/authentication-required.error';
import { InsufficientScopeError } from '../errors/insufficient-scope.error';
import { InvalidCredentialsError } from '../errors/invalid-credentials.error';
import { WriteAccessGuard } from './write-access.guard';

function contextFor(method: string, type = 'http'): ExecutionContext {
  const request = { method, headers: {} } as HttpRequest;
  return {
    getType: () => type,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function guardWith(authentication: Authentication, writesAreOpen = false): WriteAccessGuard {
  const authenticator = { writesAreOpen, authenticate: async () => authentication } as unknown as Authenticator;
  return new WriteAccessGuard(authenticator);
}

const anonymous: Authentication = { outcome: 'anonymous' };

describe('WriteAccessGuard', () => {
  it.each(['GET', 'HEAD', 'OPTIONS'])('lets %s through without credentials', async (method) => {
    await expect(guardWith(anonymous).canActivate(contextFor(method))).resolves.toBe(true);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND'])('needs credentials for %s', async (method) => {
    await expect(guardWith(anonymous).canActivate(contextFor(method))).rejects.toBeInstanceOf(
      AuthenticationRequiredError,
    );
  });

  it('answers a rejected credential with its own error', async () => {
    const error = new InvalidCredentialsError();
    await expect(guardWith({ outcome: 'rejected', error }).canActivate(contextFor('POST'))).rejects.toBe(error);
  });

  it('lets an API key write, and a JWT only with books:write', async () => {
    const key = guardWith({ outcome: 'authenticated', principal: { id: 'key:12345678' } });
    await expect(key.canActivate(contextFor('DELETE'))).resolves.toBe(true);
    const writer = guardWith({ outcome: 'authenticated', principal: { id: 'jwt:a', scopes: ['books:write'] } });
    await expect(writer.canActivate(contextFor('PUT'))).resolves.toBe(true);
    const reader = guardWith({ outcome: 'authenticated', principal: { id: 'jwt:b', scopes: ['books:read'] } });
    await expect(reader.canActivate(contextFor('PUT'))).rejects.toBeInstanceOf(InsufficientScopeError);
  });

  it('lets everything through when no credentials are configured, and ignores non-HTTP contexts', async () => {
    await expect(guardWith(anonymous, true).canActivate(contextFor('POST'))).resolves.toBe(true);
    await expect(guardWith(anonymous).canActivate(contextFor('POST', 'rpc'))).resolves.toBe(true);
  });
});
