import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/** After the listener closed, connections still idle this long (no request yet, or kept alive) are closed. */
export const IDLE_SWEEP_MS = 250;

/** What the shutdown sequence needs from the HTTP server. */
export interface DrainableServer {
  readonly inFlight: number;
  /** From now on every response asks its client to close the connection (`Connection: close`). */
  closeConnectionsAfterResponses(): void;
  /** Stops accepting connections and resolves true when all are closed, false after `timeoutMs` (then forced). */
  close(timeoutMs: number): Promise<boolean>;
}

/** DrainableServer over Node's http.Server: counts requests in flight and closes gently. */
export class HttpServerDrain implements DrainableServer {
  private readonly active = new Set<ServerResponse>();
  private closing = false;

  constructor(private readonly server: Server) {
    // First listener, so the header is set before any handler can answer.
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.active.add(response);
      response.once('close', () => this.active.delete(response));
      if (this.closing) response.setHeader('Connection', 'close');
    });
  }

  get inFlight(): number {
    return this.active.size;
  }

  closeConnectionsAfterResponses(): void {
    this.closing = true;
    for (const response of this.active) if (!response.headersSent) response.setHeader('Connection', 'close');
  }

  async close(timeoutMs: number): Promise<boolean> {
    this.closeConnectionsAfterResponses();
    // net.Server's close stops accepting and calls back once every connection has ended. http.Server's
    // own close() would also destroy idle connections at once, including ones accepted a moment ago
    // whose request is still on its way: those are given IDLE_SWEEP_MS to arrive and be answered.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
    const sweep = setInterval(() => this.server.closeIdleConnections(), IDLE_SWEEP_MS);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      if ((await Promise.race([closed, timedOut])) !== 'timeout') return true;
      this.server.closeAllConnections();
      await closed;
      return false;
    } finally {
      clearInterval(sweep);
      clearTimeout(timer);
    }
  }
}
