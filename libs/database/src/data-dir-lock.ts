/* eslint-disable security/detect-non-literal-fs-filename -- paths come from DATA_DIR (configuration) and the installed package, never from a request */
import { mkdirSync, unlinkSync } from 'node:fs';
import { connect, createServer, Server } from 'node:net';
import { join } from 'node:path';
import { DataDirInUseError } from './errors/data-dir-in-use.error';

// Unix socket paths are limited to 104 bytes on macOS (108 on Linux).
const MAX_SOCKET_PATH = 100;

/** Connects to a lock socket: the holder's answer when it is alive, undefined when nobody listens. */
function askHolder(path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(path);
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer.trim() || 'pid unknown'));
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => resolve(answer.trim() || 'pid unknown'));
  });
}

function listen(server: Server, path: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen(path, () => resolve(undefined));
  });
}

/**
 * One process per DATA_DIR: a Unix socket in the directory that this process listens on. It dies
 * with the process, whatever kills it, and it works across containers sharing the volume (a PID
 * file does not: every container's first process is PID 1). A socket file left by a dead process
 * refuses connections: it is then taken over.
 */
export class DataDirLock {
  static readonly FILE = '.book-library-api.lock';

  private constructor(private readonly server: Server) {}

  static async acquire(dataDir: string): Promise<DataDirLock> {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, DataDirLock.FILE);
    if (path.length > MAX_SOCKET_PATH) {
      throw new Error(`DATA_DIR ${dataDir} is too long for its lock socket (over ${MAX_SOCKET_PATH} bytes in all)`);
    }
    for (let attempt = 0; ; attempt++) {
      const server = createServer((socket) => socket.end(`pid ${process.pid}\n`));
      const error = await listen(server, path);
      if (!error) {
        server.unref();
        return new DataDirLock(server);
      }
      if (error.code !== 'EADDRINUSE' || attempt > 0) throw error;
      const holder = await askHolder(path);
      if (holder !== undefined) throw new DataDirInUseError(dataDir, holder);
      unlinkSync(path);
    }
  }

  /** Closing the server removes its socket file. */
  release(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
