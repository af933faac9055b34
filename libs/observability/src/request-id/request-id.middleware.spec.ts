import type { ServerResponse } from 'node:http';
import { RequestWithId, requestIdMiddleware } from './request-id.middleware';

function run(headers: Record<string, string>) {
  const req = { headers } as unknown as RequestWithId;
  const setHeader = jest.fn();
  const next = jest.fn();
  requestIdMiddleware(req, { setHeader } as unknown as ServerResponse, next);
  return { req, setHeader, next };
}

describe('requestIdMiddleware', () => {
  it('keeps a sane X-Request-ID on the request and answers it', () => {
    const { req, setHeader, next } = run({ 'x-request-id': 'abc-123' });
    expect(req.id).toBe('abc-123');
    expect(setHeader).toHaveBeenCalledWith('X-Request-ID', 'abc-123');
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('answers a new id, the one the request carries, when the header is unusable', () => {
    const { req, setHeader } = run({ 'x-request-id': 'bad id with spaces' });
    expect(req.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(setHeader).toHaveBeenCalledWith('X-Request-ID', req.id);
  });

  it('sets the header before anything else runs, so even an early error answer carries it', () => {
    const order: string[] = [];
    const req = { headers: {} } as unknown as RequestWithId;
    const res = { setHeader: () => order.push('header') } as unknown as ServerResponse;
    requestIdMiddleware(req, res, () => order.push('next'));
    expect(order).toEqual(['header', 'next']);
  });
});
