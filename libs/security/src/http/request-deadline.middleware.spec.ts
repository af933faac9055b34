import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestDeadline } from './request-deadline.middleware';

/** A real server whose handler answers after `answerAfterMs` (or never), behind the deadline. */
function serve(timeoutMs: number, answerAfterMs: number | undefined, lateWrites: unknown[]): Promise<Server> {
  const deadline = requestDeadline(timeoutMs);
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    deadline(req, res, () => {
      if (answerAfterMs === undefined) return;
      setTimeout(() => {
        if (res.headersSent) return void lateWrites.push(req.url);
        res.setHeader('Content-Type', 'application/json');
        res.end('{"answer":true}');
      }, answerAfterMs);
    }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const urlOf = (server: Server, path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
/** Whether the deadline's own timer (the one of `timeoutMs`, unique here) was set and then cleared. */
function deadlineTimer(timeoutMs: number) {
  const set = jest.spyOn(global, 'setTimeout');
  const clear = jest.spyOn(global, 'clearTimeout');
  return {
    cleared(): boolean {
      const index = set.mock.calls.findIndex(([, delay]) => delay === timeoutMs);
      const timer: unknown = index >= 0 ? set.mock.results[index].value : undefined;
      return timer !== undefined && clear.mock.calls.some(([cleared]) => cleared === timer);
    },
    restore(): void {
      set.mockRestore();
      clear.mockRestore();
    },
  };
}
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

describe('requestDeadline', () => {
  it('lets a timely answer through untouched, and clears its timer once answered', async () => {
    const server = await serve(30_001, 5, []);
    const timer = deadlineTimer(30_001);
    try {
      const response = await fetch(urlOf(server, '/api/v1/books'));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ answer: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(timer.cleared()).toBe(true);
    } finally {
      timer.restore();
      await close(server);
    }
  });

  it('answers a request still unanswered at the deadline with a 503 problem and Retry-After, and drops the late answer', async () => {
    const lateWrites: unknown[] = [];
    const server = await serve(50, 300, lateWrites);
    const started = Date.now();
    const response = await fetch(urlOf(server, '/api/v1/books?q=slow'));
    expect(Date.now() - started).toBeLessThan(250);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toEqual({
      type: 'https://book-library.dev/problems/response-timeout',
      title: 'Request timed out',
      status: 503,
      detail: 'The request was not answered within 50 ms; retry later',
      instance: '/api/v1/books',
    });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(lateWrites).toEqual(['/api/v1/books?q=slow']);
    await close(server);
  });

  it('clears its timer when the client goes away first', async () => {
    const server = await serve(30_002, undefined, []);
    const timer = deadlineTimer(30_002);
    try {
      const controller = new AbortController();
      const pending = fetch(urlOf(server, '/'), { signal: controller.signal }).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(timer.cleared()).toBe(false);
      controller.abort();
      await pending;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(timer.cleared()).toBe(true);
    } finally {
      timer.restore();
      await close(server);
    }
  });
});
