import { connect, createServer, Server, Socket } from 'node:net';
import { freePort } from '../server-process';

/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL or Redis that injects the faults the chaos
 * experiments need: latency (every chunk from the server held back `ms`, so each round trip is that
 * much slower) and a cut (every connection dropped, new ones refused), each undone in place.
 */
export interface FaultProxy {
  readonly port: number;
  /** `url` (postgres:// or redis://) pointed at the proxy instead of its own host and port. */
  through(url: string): string;
  /** Delays every chunk the server sends by `ms` (0: none), for new and open connections alike. */
  setLatency(ms: number): void;
  cut(): void;
  restore(): Promise<void>;
  /** Connections open through the proxy right now. */
  openConnections(): number;
  close(): void;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let latencyMs = 0;
  let clients = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // a reset on one side ends the other
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        clients += 1;
        client.once('close', () => (clients -= 1));
        track(client);
        track(upstream);
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.pipe(upstream);
        // Server -> client, in order, each chunk held back by the latency in force when it arrived
        // (a pipelined stream keeps flowing: latency, not a bandwidth limit).
        const queue: Array<{ dueAt: number; chunk: Buffer }> = [];
        let timer: NodeJS.Timeout | undefined;
        const drain = () => {
          timer = undefined;
          while (queue.length > 0 && queue[0].dueAt <= Date.now()) {
            const { chunk } = queue.shift()!;
            if (!client.destroyed) client.write(chunk);
          }
          if (queue.length > 0) timer = setTimeout(drain, queue[0].dueAt - Date.now());
        };
        upstream.on('data', (chunk: Buffer) => {
          const last = queue.at(-1)?.dueAt ?? 0;
          queue.push({ dueAt: Math.max(Date.now() + latencyMs, last), chunk });
          if (timer === undefined) drain();
        });
        upstream.once('close', () => clearTimeout(timer));
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });

  const proxy: FaultProxy = {
    port,
    through(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    cut() {
      server?.close();
      server = undefined;
      for (const socket of sockets) socket.destroy();
    },
    restore: listen,
    openConnections: () => clients,
    close() {
      proxy.cut();
    },
  };
  await listen();
  return proxy;
}

export function hostAndPortOf(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}
