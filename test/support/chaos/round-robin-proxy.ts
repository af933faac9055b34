import { Agent, createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { freePort } from '../server-process';

/** Header on every response the proxy itself produced, so the experiments tell its 502s from the app's. */
export const PROXY_ERROR_HEADER = 'x-chaos-proxy-error';

const READINESS_POLL_MS = 250;
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

interface Backend {
  url: URL;
  ready: boolean;
  /** Refused a connection: out of rotation until its readiness probe answers 200 again. */
  refused: boolean;
}

/**
 * The local stand-in for a Service + ingress: HTTP round-robin over the replicas that are ready,
 * probing each one's /ready every 250 ms (an endpoints controller with a fast probe). A request whose
 * connection is refused goes to the next replica (it never reached the first); a GET whose connection
 * breaks mid-request is retried once elsewhere; anything else it cannot deliver is a 502 marked with
 * PROXY_ERROR_HEADER. With no replica ready it still sends to every live one (Envoy's panic mode), so
 * clients see the app's own 503 + Retry-After rather than the proxy's.
 */
export class RoundRobinProxy {
  private readonly backends: Backend[] = [];
  // A connection per request: a reused keep-alive socket that the replica closes at that instant
  // would look like a request lost mid-way, which the proxy could not safely retry.
  private readonly agent = new Agent({ keepAlive: false });
  private next = 0;
  private probe: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    const port = await freePort();
    this.server = createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${port}`;
    this.probe = setInterval(() => void this.probeAll(), READINESS_POLL_MS);
    return this;
  }

  add(url: string): void {
    this.backends.push({ url: new URL(url), ready: false, refused: false });
    void this.probeAll();
  }

  remove(url: string): void {
    const at = this.backends.findIndex((backend) => backend.url.origin === new URL(url).origin);
    if (at !== -1) this.backends.splice(at, 1);
  }

  readyCount(): number {
    return this.backends.filter((backend) => backend.ready && !backend.refused).length;
  }

  async stop(): Promise<void> {
    clearInterval(this.probe);
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      this.backends.map(async (backend) => {
        const status = await fetch(new URL('/ready', backend.url), { signal: AbortSignal.timeout(1_000) }).then(
          (res) => (void res.body?.cancel(), res.status),
          () => 0,
        );
        backend.ready = status === 200;
        if (status !== 0) backend.refused = false;
      }),
    );
  }

  /** Ready replicas in rotation; none ready: every replica not known to refuse connections. */
  private candidates(): Backend[] {
    const ready = this.backends.filter((backend) => backend.ready && !backend.refused);
    if (ready.length > 0) return ready;
    const live = this.backends.filter((backend) => !backend.refused);
    return live.length > 0 ? live : this.backends;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const tried = new Set<Backend>();
    let brokenRetries = 0;
    for (;;) {
      const pool = this.candidates().filter((backend) => !tried.has(backend));
      if (pool.length === 0) return this.fail(res, 'no replica accepted the connection');
      const backend = pool[this.next++ % pool.length];
      tried.add(backend);
      const outcome = await this.send(backend, req, body, res);
      if (outcome === 'done') return;
      if (outcome === 'refused') {
        backend.refused = true;
        continue;
      }
      // Broken after the request was sent: only a read is safe to send again.
      if (!IDEMPOTENT_METHODS.has(req.method ?? '') || brokenRetries++ > 0) {
        return this.fail(res, 'the replica broke the connection');
      }
    }
  }

  private send(
    backend: Backend,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
  ): Promise<'done' | 'refused' | 'broken'> {
    return new Promise((resolve) => {
      const upstream = request(
        {
          host: backend.url.hostname,
          port: backend.url.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, 'content-length': String(body.length) },
          agent: this.agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.once('end', () => resolve('done'));
          answer.once('error', () => {
            res.destroy();
            resolve('done');
          });
        },
      );
      upstream.once('error', (error: NodeJS.ErrnoException) => {
        if (res.headersSent) {
          res.destroy();
          resolve('done');
        } else resolve(error.code === 'ECONNREFUSED' ? 'refused' : 'broken');
      });
      upstream.end(body);
    });
  }

  private fail(res: ServerResponse, why: string): void {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'text/plain', [PROXY_ERROR_HEADER]: why });
    res.end(why);
  }
}
