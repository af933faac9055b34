/* eslint-disable security/detect-non-literal-fs-filename -- paths come from DATA_DIR (configuration) and /proc, never from a request */
import { existsSync, readFileSync, rmSync } from 'node:fs';
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
 * Removes the cluster's postmaster.pid when its PID is not a server of this cluster, and says whose it was.
 * A server killed with its container leaves the file behind; PostgreSQL removes such a file itself unless
 * its PID now belongs to a live process, which is likely in a new container (PIDs start again from 1):
 * it then refuses to start ("lock file already exists"). The caller holds the DATA_DIR lock, so no other
 * service's server can be using the cluster. A file naming a live server of this cluster is left alone.
 */
export function removeStalePostmasterPid(pgData: string): number | undefined {
  const pid = postmasterPidOf(pgData);
  if (pid === undefined || (Number.isInteger(pid) && pid > 0 && isServerOf(pid, pgData))) return undefined;
  rmSync(pidFileOf(pgData), { force: true });
  return pid;
}

/** The PID the cluster's postmaster.pid names (its first line); undefined when there is no such file. */
export function postmasterPidOf(pgData: string): number | undefined {
  try {
    return Number(readFileSync(pidFileOf(pgData), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

const pidFileOf = (pgData: string) => join(pgData, 'postmaster.pid');
