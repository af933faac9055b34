import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Open sockets of a process (Linux /proc): listening, accepted and outgoing (pool) alike. */
export function openSockets(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false; // closed while we looked
    }
  }).length;
}

/** Resident set size of a process in bytes (Linux /proc). */
export function residentBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}
