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

/**
 * V8 heap in use, as the replica itself reports it on /metrics (prom-client's `nodejs_heap_size_used_bytes`):
 * what a leak of per-connection objects grows. RSS is a poorer witness: the allocator keeps freed pages.
 */
export async function heapUsedBytes(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const match = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([0-9.e+]+)$/m.exec(text);
  if (!match) throw new Error(`no nodejs_heap_size_used_bytes on ${baseUrl}/metrics`);
  return Number(match[1]);
}
