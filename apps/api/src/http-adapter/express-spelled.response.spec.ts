import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExpressSpelledResponse } from './express-spelled.response';

/** The header names of one answer, as they came over the wire, from a server made with the class. */
async function namesSent(handle: (res: ServerResponse) => void): Promise<string[]> {
  const server = createServer({ ServerResponse: ExpressSpelledResponse }, (_req, res) => handle(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<IncomingMessage>((resolve) => get(`http://127.0.0.1:${port}/`, resolve));
    response.resume();
    return response.rawHeaders.filter((_, i) => i % 2 === 0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('ExpressSpelledResponse', () => {
  it('spells names set one by one as Express would, and keeps those already spelled', async () => {
    const names = await namesSent((res) => {
      res.setHeader('cache-control', 'no-store');
      res.setHeader('X-Request-ID', 'abc');
      res.setHeader('Idempotency-Replayed', 'true');
      res.end('{}');
    });
    expect(names).toEqual(expect.arrayContaining(['Cache-Control', 'X-Request-ID', 'Idempotency-Replayed']));
    expect(names).not.toContain('cache-control');
  });

  it('spells the names of a head written in one object (as Fastify writes it), with or without a reason', async () => {
    const object = await namesSent((res) => {
      res.setHeader('X-Request-ID', 'abc');
      res.writeHead(201, { 'content-type': 'application/json', etag: 'W/"1"', location: '/x' }).end('{}');
    });
    expect(object).toEqual(expect.arrayContaining(['X-Request-ID', 'Content-Type', 'ETag', 'Location']));
    const withReason = await namesSent((res) => res.writeHead(200, 'OK', { 'retry-after': '1' }).end());
    expect(withReason).toContain('Retry-After');
  });
});
