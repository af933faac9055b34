import type { IncomingMessage, ServerResponse } from 'node:http';
import { uriLengthLimit } from './uri-length.middleware';

function run(url: string, maxLength: number) {
  const headers: Record<string, unknown> = {};
  const response = {
    headersSent: false,
    statusCode: 200,
    body: undefined as string | undefined,
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = value),
    end: (body?: string) => void (response.body = body),
  };
  const next = jest.fn();
  uriLengthLimit(maxLength)({ url } as IncomingMessage, response as unknown as ServerResponse, next);
  return { response, headers, next };
}

describe('uriLengthLimit', () => {
  it('lets a request target of exactly the limit through', () => {
    const { next, response } = run(`/a?q=${'x'.repeat(10 - 5)}`, 10);
    expect(next).toHaveBeenCalledTimes(1);
    expect(response.body).toBeUndefined();
  });

  it('answers a longer one with a 414 problem, instance without the query', () => {
    const { next, response, headers } = run(`/a?q=${'x'.repeat(6)}`, 10);
    expect(next).not.toHaveBeenCalled();
    expect(response.statusCode).toBe(414);
    expect(headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(response.body!)).toEqual({
      type: 'https://book-library.dev/problems/uri-too-long',
      title: 'URI too long',
      status: 414,
      detail: 'The request target exceeds 10 characters',
      instance: '/a',
    });
  });
});
