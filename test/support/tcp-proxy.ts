import { createServer, connect, Server, Socket } from 'node:net';
import { freePort } from './server-process';

/**
 * A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL in the outage tests) that can be cut:
 * every open connection dropped and new ones refused, as when the database goes away, then restored.
 */
export interface TcpProxy {
  readonly port: number;
  /** `url` (a postgres:// URL) pointed at the proxy instead of its own host and port. */
  through(url: string): string;
  /** Drops every connection and stops listening: new connections are refused. */
  cut(): void;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): void;
}

export async function startTcpProxy(
  target: { host: string; port: number },
  { up = true }: { up?: boolean } = {},
): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset on one side is the other side's end of the line: never an unhandled error.
    socket.on('error', () => socket.destroy());
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        track(client);
        track(upstream);
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });

  const proxy: TcpProxy = {
    port,
    through(url: string) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cut() {
      server?.close();
      server = undefined;
      for (const socket of sockets) socket.destroy();
    },
    restore: listen,
    close() {
      proxy.cut();
    },
  };
  if (up) await listen();
  return proxy;
}

/** Host and port of a postgres:// URL. */
export function hostAndPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}
