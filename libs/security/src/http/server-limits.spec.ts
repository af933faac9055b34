import { clientErrorResponse } from './server-limits';

function parse(response: string) {
  const [head, body] = response.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) as Record<string, unknown> };
}

describe('clientErrorResponse', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408],
    ['HPE_INVALID_METHOD', 400],
    [undefined, 400],
  ])('answers %p with a %p problem that closes the connection', (code, status) => {
    const { statusLine, head, body } = parse(clientErrorResponse(code));
    expect(statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toContain('Content-Type: application/problem+json');
    expect(head).toContain('Connection: close');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(JSON.stringify(body))}`);
    expect(body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//) });
  });
});
