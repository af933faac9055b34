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

/** Replicas whose heap a test weighs run with the inspector on a free loopback port (it prints its URL). */
export const INSPECTOR_NODE_OPTIONS = '--inspect=127.0.0.1:0';

/**
 * V8 heap in use right after a full garbage collection, asked over the inspector protocol: what a leak of
 * per-connection objects grows, without the noise of garbage not yet collected or of pages the allocator keeps
 * (RSS). `output` is the process's stderr, where the inspector printed its URL.
 */
export async function heapUsedAfterGc(output: string): Promise<number> {
  const url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output)?.[1];
  if (!url) throw new Error(`no inspector URL in the output: start the process with ${INSPECTOR_NODE_OPTIONS}`);
  const socket = new WebSocket(url);
  await new Promise((opened, failed) => {
    socket.onopen = opened;
    socket.onerror = failed;
  });
  let lastId = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<{ result?: { value?: unknown } }>((answered, failed) => {
      const id = ++lastId;
      const onMessage = (event: MessageEvent) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: never; error?: { message: string } };
        if (message.id !== id) return;
        socket.removeEventListener('message', onMessage);
        if (message.error) failed(new Error(message.error.message));
        else answered(message.result ?? {});
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const { result } = await call('Runtime.evaluate', {
      expression: 'process.memoryUsage().heapUsed',
      returnByValue: true,
    });
    return Number(result?.value);
  } finally {
    socket.close();
  }
}
