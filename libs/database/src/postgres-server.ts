/* eslint-disable security/detect-non-literal-fs-filename -- paths come from DATA_DIR (configuration) and the installed package, never from a request */
import { Logger } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBinaries, PostgresBinaries } from './postgres-binaries';
import { EmbeddedPostgresStartError } from './errors/embedded-postgres-start.error';
import { postmasterPidOf, removeStaleLockFiles } from './postmaster-pid';

export interface PostgresServerOptions {
  /** DATA_DIR, absolute: the cluster lives in its `postgres/` subdirectory. */
  dataDir: string;
  /** The pool's size: the server allows a few more (the migration lock, a psql by hand). */
  maxConnections: number;
}

const READY_LINE = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 20;
// Unix socket paths are limited to 104 bytes on macOS (108 on Linux), the socket's name included.
const MAX_SOCKET_DIR_LENGTH = 90;

/**
 * Runs the server under a shell that watches its stdin, a pipe from this process: when this process
 * dies, even by kill -9, the pipe closes, `read` returns and the server gets SIGINT (fast shutdown).
 * So no server outlives the service, and a clean stop is just closing the pipe.
 */
const WATCHDOG =
  'exec 3<&0 </dev/null; "$@" & pg=$!; (read -r _ <&3; kill -INT "$pg" 2>/dev/null) & w=$!; ' +
  'wait "$pg"; s=$?; kill "$w" 2>/dev/null; exit "$s"';

/** Sized for one local user: PostgreSQL's defaults (128 MB of shared buffers) are for a shared server. */
const LEAN_SETTINGS = {
  shared_buffers: '16MB',
  huge_pages: 'off',
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_worker_processes: '2',
  // PostgreSQL 18 reads through three I/O worker processes by default; a small local database reads synchronously.
  io_method: 'sync',
  // No logical replication here: its launcher process is not started.
  max_logical_replication_workers: '0',
  max_parallel_workers_per_gather: '0',
  autovacuum_max_workers: '1',
  listen_addresses: '',
  unix_socket_permissions: '0700',
};

/** A real PostgreSQL (from the `@embedded-postgres/*` packages) as a child process, its cluster in DATA_DIR. */
export class PostgresServer {
  readonly pgData: string;
  readonly socketDir: string;
  private readonly logger = new Logger('EmbeddedPostgres');
  private runAs: { uid: number; gid: number } | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private stopping = false;
  private tail: string[] = [];
  private restartDelayMs = 500;

  constructor(private readonly options: PostgresServerOptions) {
    this.pgData = join(options.dataDir, 'postgres');
    this.socketDir =
      this.pgData.length <= MAX_SOCKET_DIR_LENGTH ? this.pgData : mkdtempSync(join(tmpdir(), 'book-pg-'));
  }

  /** Creates the cluster on first use, starts the server and resolves once it accepts connections. */
  async start(): Promise<void> {
    this.runAs = postgresUserIfRoot();
    if (this.runAs) {
      // The server's user must be able to reach its cluster inside DATA_DIR (mkdtemp makes 0700 directories).
      chmodSync(this.options.dataDir, statSync(this.options.dataDir).mode | 0o711);
    }
    const binaries = findPostgresBinaries(join(this.options.dataDir, '.postgres-lib'));
    if (!existsSync(join(this.pgData, 'PG_VERSION'))) await this.initdb(binaries);
    this.own(this.socketDir);
    for (const pid of removeStaleLockFiles(this.pgData, this.socketDir)) {
      this.logger.warn(`Removed a stale lock file (PID ${pid} is no server of this cluster)`);
    }
    await this.spawnServer(binaries);
  }

  /** Fast shutdown (open transactions roll back, a checkpoint is written) and wait for the exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => this.killServer(), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private async initdb(binaries: PostgresBinaries): Promise<void> {
    mkdirSync(this.pgData, { recursive: true, mode: 0o700 });
    this.own(this.pgData);
    const started = Date.now();
    const { code, output } = await this.run(binaries.initdb, binaries, [
      '-D',
      this.pgData,
      '--username=postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
      // One syncfs of the file system instead of an fsync per file: durable, and about 1 s sooner here.
      ...(platform() === 'linux' ? ['--sync-method=syncfs'] : []),
    ]);
    if (code !== 0) throw new EmbeddedPostgresStartError(`initdb failed in ${this.pgData} (exit ${code}):\n${output}`);
    this.logger.log(`Created the embedded PostgreSQL cluster in ${this.pgData} (${Date.now() - started} ms)`);
  }

  private run(
    program: string,
    binaries: PostgresBinaries,
    args: string[],
  ): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, { ...this.runAs, env: this.env(binaries), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, output }));
    });
  }

  private spawnServer(binaries: PostgresBinaries): Promise<void> {
    const settings = {
      ...LEAN_SETTINGS,
      max_connections: String(this.options.maxConnections + 5),
      unix_socket_directories: this.socketDir,
    };
    const args = [
      binaries.postgres,
      '-D',
      this.pgData,
      ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ];
    this.tail = [];
    // Its own process group: a Ctrl-C in the terminal reaches only the service, which stops the server after its drain.
    const child = spawn('/bin/sh', ['-c', WATCHDOG, 'postgres-watchdog', ...args], {
      ...this.runAs,
      env: this.env(binaries),
      stdio: ['pipe', 'ignore', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    child.stdin.on('error', () => undefined);

    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        reject(
          new EmbeddedPostgresStartError(`PostgreSQL not ready within ${START_TIMEOUT_MS} ms:\n${this.logTail()}`),
        );
        this.killServer();
      }, START_TIMEOUT_MS);
      child.stderr.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) this.logLine(line);
        if (!ready && chunk.toString().includes(READY_LINE)) {
          ready = true;
          this.restartDelayMs = 500;
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (error) => reject(new EmbeddedPostgresStartError(`Cannot run PostgreSQL: ${error.message}`)));
      void this.exited.then((code) => {
        clearTimeout(timer);
        if (!ready) {
          reject(new EmbeddedPostgresStartError(`PostgreSQL exited with ${code} during start-up:\n${this.logTail()}`));
        } else if (!this.stopping) {
          this.restartAfterCrash(binaries, code);
        }
      });
    });
  }

  /** A server that died under a running service is restarted; meanwhile queries fail as unavailable (503). */
  private restartAfterCrash(binaries: PostgresBinaries, code: number | null): void {
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(this.restartDelayMs * 2, 10_000);
    this.logger.error(`PostgreSQL exited unexpectedly (${code}); restarting in ${delay} ms:\n${this.logTail()}`);
    setTimeout(() => {
      if (this.stopping) return;
      this.spawnServer(binaries).then(
        () => this.logger.log('PostgreSQL restarted'),
        (error: Error) => this.logger.error(`PostgreSQL restart failed: ${error.message}`),
      );
    }, delay).unref();
  }

  /** Last resort when a stop hangs: the postmaster by its PID file, then the watchdog shell. */
  private killServer(): void {
    const pid = postmasterPidOf(this.pgData);
    try {
      // No PID file: the server is not running.
      if (pid !== undefined && pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
    this.child?.kill('SIGKILL');
  }

  private logLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > LOG_TAIL_LINES) this.tail.shift();
    // The rest (start, checkpoints) stays in the tail, shown when the server fails.
    if (/\b(WARNING|ERROR|FATAL|PANIC):/.test(line)) this.logger.warn(line);
  }

  private logTail(): string {
    return this.tail.join('\n');
  }

  private env(binaries: PostgresBinaries): NodeJS.ProcessEnv {
    // English messages whatever the user's locale: the readiness line is matched by its text.
    return { PATH: process.env.PATH, LC_ALL: 'C', LANG: 'C', ...binaries.env };
  }

  /** When the service runs as root, the directories the server writes must belong to the user it runs as. */
  private own(path: string): void {
    if (this.runAs) chownSync(path, this.runAs.uid, this.runAs.gid);
  }
}

/**
 * PostgreSQL refuses to run as root. As root (a CI box, a container run as root) the server runs as
 * the system's `postgres` user; there is no silent user creation: without one, start-up says so.
 */
function postgresUserIfRoot(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'postgres');
  if (!entry) {
    throw new EmbeddedPostgresStartError(
      'PostgreSQL cannot run as root and there is no `postgres` user to run it as: run the service as a ' +
        'non-root user, create a `postgres` system user, or set DATABASE_URL',
    );
  }
  return { uid: Number(entry[2]), gid: Number(entry[3]) };
}
