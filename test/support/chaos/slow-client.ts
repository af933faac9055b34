import { connect } from 'node:net';

export interface SlowClientResult {
  /** From the first byte to the server closing the connection (or giving up at maxMs). */
  heldMs: number;
  closedByServer: boolean;
  /** The status line the server answered with before closing, if any. */
  statusLine: string;
}

/**
 * A slowloris client: opens a connection and sends a request's headers one byte a second, never
 * finishing them, until the server closes the connection or `maxMs` passes.
 */
export function slowClient(port: number, maxMs: number): Promise<SlowClientResult> {
  const headers = 'GET /api/v1/books HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
  return new Promise((resolve) => {
    const started = Date.now();
    let sent = 0;
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1');
    const finish = (closedByServer: boolean) => {
      clearInterval(timer);
      socket.destroy();
      resolve({ heldMs: Date.now() - started, closedByServer, statusLine: answer.split('\r\n')[0] ?? '' });
    };
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.once('close', () => finish(true));
    socket.on('error', () => undefined); // 'close' follows
    socket.once('connect', () => {
      timer = setInterval(() => {
        if (Date.now() - started > maxMs) return finish(false);
        socket.write(sent < headers.length ? headers[sent] : 'x');
        sent += 1;
      }, 1_000);
    });
  });
}
