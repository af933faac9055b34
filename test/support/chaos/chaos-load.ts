import { randomUUID } from 'node:crypto';
import { PROXY_ERROR_HEADER } from './round-robin-proxy';

/** One HTTP attempt as the client saw it. */
export interface Attempt {
  at: number;
  kind: 'read' | 'write';
  /** HTTP status, or 0 when no response arrived (connection error or the client's own timeout). */
  status: number;
  /** The round-robin proxy answered, not a replica. */
  fromProxy: boolean;
  retryAfter: string | null;
  ms: number;
}

/** A POST with its own Idempotency-Key, retried with the same key and body until acknowledged. */
export interface Write {
  key: string;
  title: string;
  id?: string;
  attempts: number;
}

export interface LoadOptions {
  connections: number;
  /** Share of requests that are writes. */
  writeShare: number;
  /** Pause between one worker's requests, so 50 workers stay a bounded load on a shared machine. */
  thinkMs: number;
  /** Hard bounds, whatever happens: total attempts and wall time. */
  maxAttempts: number;
  maxMs: number;
  /** After stop(), a write still unacknowledged keeps retrying for this long at most. */
  settleMs: number;
}

const DEFAULTS: LoadOptions = {
  connections: 50,
  writeShare: 0.3,
  thinkMs: 25,
  maxAttempts: 60_000,
  maxMs: 110_000,
  settleMs: 20_000,
};
const CLIENT_TIMEOUT_MS = 15_000;
/** Statuses after which a write is sent again with its key: nothing was stored, or it is still running. */
const RETRYABLE = new Set([0, 409, 502, 503]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bounded load of mixed reads and idempotent writes against one base URL, recording every attempt.
 * A write counts as acknowledged only on a 2xx with the created book's id; each write's title is
 * unique, so the database can be asked afterwards whether a retried write created a duplicate.
 */
export class ChaosLoad {
  readonly attempts: Attempt[] = [];
  readonly writes: Write[] = [];
  private readonly options: LoadOptions;
  private running = false;
  private stopAt = 0;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly runId: string,
    options: Partial<LoadOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): this {
    this.running = true;
    const deadline = Date.now() + this.options.maxMs;
    this.workers = Array.from({ length: this.options.connections }, () => this.worker(deadline));
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopAt = Date.now();
    await Promise.all(this.workers);
  }

  acknowledged(): Write[] {
    return this.writes.filter((write) => write.id !== undefined);
  }

  private async worker(deadline: number): Promise<void> {
    while (this.running && Date.now() < deadline && this.attempts.length < this.options.maxAttempts) {
      if (Math.random() < this.options.writeShare) await this.write(deadline);
      else await this.read();
      await sleep(this.options.thinkMs);
    }
  }

  private async read(): Promise<void> {
    const acked = this.acknowledged();
    const path =
      acked.length > 0 && Math.random() < 0.5
        ? `/api/v1/books/${acked[Math.floor(Math.random() * acked.length)].id}`
        : '/api/v1/books?limit=10';
    const res = await this.attempt('read', path, { method: 'GET' });
    if (res.attempt.status === 200) await res.body;
  }

  private async write(deadline: number): Promise<void> {
    const key = randomUUID();
    const write: Write = { key, title: `chaos ${this.runId} ${key}`, attempts: 0 };
    this.writes.push(write);
    const body = JSON.stringify({ title: write.title, authors: ['Chaos Monkey'] });
    // Retries outlive stop() by settleMs, so a write that was in doubt ends acknowledged or given up.
    while (Date.now() < deadline + this.options.settleMs) {
      if (!this.running && Date.now() > this.stopAt + this.options.settleMs) return;
      write.attempts += 1;
      const { attempt, body: answer } = await this.attempt('write', '/api/v1/books', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });
      if (attempt.status >= 200 && attempt.status < 300) {
        write.id = ((await answer) as { id?: string } | undefined)?.id;
        return;
      }
      if (!RETRYABLE.has(attempt.status)) return; // recorded as an attempt; the hypotheses judge it
      // Honour Retry-After, capped so a run stays short; back off a little without one.
      const retryAfterMs = Number(attempt.retryAfter ?? 0) * 1000;
      await sleep(Math.min(retryAfterMs || 200, 2_000));
    }
  }

  private async attempt(
    kind: Attempt['kind'],
    path: string,
    init: RequestInit,
  ): Promise<{ attempt: Attempt; body: Promise<unknown> }> {
    const started = Date.now();
    try {
      const res = await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
      const attempt: Attempt = {
        at: started,
        kind,
        status: res.status,
        fromProxy: res.headers.has(PROXY_ERROR_HEADER),
        retryAfter: res.headers.get('retry-after'),
        ms: Date.now() - started,
      };
      this.attempts.push(attempt);
      return { attempt, body: res.json().catch(() => undefined) };
    } catch {
      const attempt: Attempt = {
        at: started,
        kind,
        status: 0,
        fromProxy: false,
        retryAfter: null,
        ms: Date.now() - started,
      };
      this.attempts.push(attempt);
      return { attempt, body: Promise.resolve(undefined) };
    }
  }
}
