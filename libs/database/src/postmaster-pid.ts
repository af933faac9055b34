/* eslint-disable security/detect-non-literal-fs-filename -- paths come from DATA_DIR (configuration) and /proc, never from a request */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Whether process `pid` is a PostgreSQL server (`postgres … -D <pgData>`) of this very cluster. */
function isServerOf(pid: number, pgData: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.some((arg) => basename(arg) === 'postgres') && args.includes(pgData);
  } catch {
    // No /proc entry: on Linux the process is gone; where there is no /proc, any live process counts.
    if (existsSync('/proc/self')) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Removes the cluster's lock files (postmaster.pid, and the socket's `.s.PGSQL.<port>.lock` in `socketDir`)
 * whose PID is not a server of this cluster, and says which PIDs they named. A server killed with its
 * container leaves them behind; PostgreSQL removes such a file itself unless its PID now belongs to a live
 * process, which is likely in a new container (PIDs start again from 1): it then refuses to start ("lock
 * file already exists"). The caller holds the DATA_DIR lock, so no other service's server can be using the
 * cluster. Files naming a live server of this cluster are left alone.
 */
export function removeStaleLockFiles(pgData: string, socketDir: string): number[] {
  const socketLocks = readdirSync(socketDir)
    .filter((name) => SOCKET_LOCK.test(name))
    .map((name) => join(socketDir, name));
  const removed: number[] = [];
  for (const file of [pidFileOf(pgData), ...socketLocks]) {
    const pid = pidIn(file);
    if (pid === undefined || (Number.isInteger(pid) && pid > 0 && isServerOf(pid, pgData))) continue;
    rmSync(file, { force: true });
    removed.push(pid);
  }
  return removed;
}

/** The PID the cluster's postmaster.pid names; undefined when there is no such file. */
export function postmasterPidOf(pgData: string): number | undefined {
  return pidIn(pidFileOf(pgData));
}

/** PostgreSQL's lock file beside each Unix socket it listens on. */
const SOCKET_LOCK = /^\.s\.PGSQL\.\d+\.lock$/;

const pidFileOf = (pgData: string) => join(pgData, 'postmaster.pid');

/** The PID on a lock file's first line (both kinds start so); undefined when there is no such file. */
function pidIn(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}
