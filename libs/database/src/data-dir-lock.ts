import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Another live process already serves this DATA_DIR. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by another process (pid ${holderPid}): ` +
        'stop it, or give this one its own DATA_DIR',
    );
    this.name = 'DataDirInUseError';
  }
}

/** Start time of a process in clock ticks since boot (Linux), to tell a reused PID from its holder. */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per DATA_DIR: a PID file created exclusively, held until `release()`. A file left by
 * a process that died (kill -9) is stale once that PID is gone, or reused by another process (the
 * start time differs), or our own (a container restarts as PID 1): it is then taken over.
 */
export class DataDirLock {
  static readonly FILE = 'book-library-api.pid';

  private constructor(private readonly path: string) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, DataDirLock.FILE);
    const me = `${process.pid} ${startTicks(process.pid) ?? ''}\n`;
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        writeSync(fd, me);
        closeSync(fd);
        return new DataDirLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      }
      const [pidText, ticks] = readFileSync(path, 'utf8').trim().split(' ');
      const holder = Number(pidText);
      const live =
        Number.isInteger(holder) &&
        holder > 0 &&
        holder !== process.pid &&
        isAlive(holder) &&
        (!ticks || startTicks(holder) === undefined || startTicks(holder) === ticks);
      if (live) throw new DataDirInUseError(dataDir, holder);
      unlinkSync(path);
    }
  }

  release(): void {
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
