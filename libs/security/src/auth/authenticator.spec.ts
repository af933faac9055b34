import type { Request } from 'express';
import { createHash } from 'node:crypto';
import type { SecurityOptions } from '../security.options';
import { InvalidCredentialsError } from '../errors/invalid-credentials.error';
import { Authenticator } from './authenticator';

const KEY = 'the-only-key-0123456789';
const PRINCIPAL = { id: `key:${createHash('sha256').update(KEY).digest('hex').slice(0, 8)}` };

const options = (apiKeys: string[]): SecurityOptions => ({
  apiKeys,
  rateLimit: { readPerMinute: 1, writePerMinute: 1, keyPrefix: 'p:' },
  requestTimeoutMs: 1000,
});

const requestWith = (headers: Record<string, string | undefined>) =>
  ({ method: 'POST', headers }) as unknown as Request;

describe('Authenticator', () => {
  const authenticator = new Authenticator(options([KEY]));

  it('is anonymous without credentials', async () => {
    const request = requestWith({});
    await expect(authenticator.authenticate(request)).resolves.toEqual({ outcome: 'anonymous' });
    expect(request.principal).toBeUndefined();
  });

  it.each<Record<string, string>>([
    { 'x-api-key': KEY },
    { authorization: `Bearer ${KEY}` },
    { authorization: `BEARER  ${KEY}` },
  ])('puts the principal on the request for %p', async (headers) => {
    const request = requestWith(headers);
    await expect(authenticator.authenticate(request)).resolves.toEqual({
      outcome: 'authenticated',
      principal: PRINCIPAL,
    });
    expect(request.principal).toEqual(PRINCIPAL);
  });

  it('checks X-API-Key first when both headers are sent', async () => {
    const outcome = await authenticator.authenticate(
      requestWith({ 'x-api-key': 'wrong', authorization: `Bearer ${KEY}` }),
    );
    expect(outcome).toEqual({ outcome: 'rejected', error: expect.any(InvalidCredentialsError) });
  });

  it.each<Record<string, string>>([
    { authorization: 'Basic abc' },
    { authorization: 'Bearer' },
    { authorization: `Bearer ${KEY} extra` },
  ])('rejects %p', async (headers) => {
    const outcome = await authenticator.authenticate(requestWith(headers));
    expect(outcome.outcome).toBe('rejected');
  });

  it('verifies each request once, however many guards ask', async () => {
    const request = requestWith({ 'x-api-key': KEY });
    const first = authenticator.authenticate(request);
    expect(authenticator.authenticate(request)).toBe(first);
  });

  it('says whether writes are open, and warns loudly at start-up when they are', () => {
    const open = new Authenticator(options([]));
    const warn = jest.spyOn((open as unknown as { logger: { warn: (m: string) => void } }).logger, 'warn');
    warn.mockImplementation(() => undefined);
    open.onModuleInit();
    expect(open.writesAreOpen).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^NO API KEYS CONFIGURED.*API_KEYS/));
    expect(authenticator.writesAreOpen).toBe(false);
  });
});
