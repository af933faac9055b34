import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { ProcessSampler } from './process-sampler';

// Starting and stopping the processes under test: pinned to one core, logs to a file, readiness timed.

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const POLL_EVERY_MS = 20;

/** Every child still running: killed on any exit of the benchmark, however it ends. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Pins this process and all its threads (autocannon runs here) to `cpu`; false when taskset is missing. */
export function pinSelf(cpu: string): boolean {
  if (!hasTaskset) return false;
  execFileSync('taskset', ['-a', '-cp', cpu, String(process.pid)], { stdio: 'ignore' });
  return true;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface ServiceOptions {
  /** Script run by `node` (the production build, or the bare baseline). */
  script: string;
  env: Record<string, string>;
  logFile: string;
  cpu: string;
  /** Paths tried in order until one answers 200; a 404 moves on to the next (a route not there yet). */
  readyPaths: string[];
  nodeArgs?: string[];
  /** Sample CPU and RSS over the process and all its descendants (an embedded database's children). */
  tree?: boolean;
}

export interface RunningService {
  url: string;
  pid: number;
  sampler: ProcessSampler;
  /** From spawn to the first 200 on the readiness path. */
  coldStartMs: number;
  readyPath: string;
  logFile: string;
  logBytes(): number;
  stop(): Promise<void>;
}

/** The last lines a process wrote, for a one-line reason why it did not start. */
function logTail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const errors = lines.filter((l) => /error/i.test(l));
    return (errors.length > 0 ? errors.slice(0, 2) : lines.slice(-3)).join(' | ').slice(0, 400);
  } catch {
    return `see ${file}`;
  }
}

/** 200: ready; 404: this path does not exist (try the next); anything else or no answer: not yet. */
async function probe(url: string): Promise<number | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(options.logFile, 'w');
  const nodeCommand = [process.execPath, ...(options.nodeArgs ?? []), options.script];
  const [command, ...args] = hasTaskset ? ['taskset', '-c', options.cpu, ...nodeCommand] : nodeCommand;
  const started = performance.now();
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...options.env },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  running.add(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('exit', () => running.delete(child));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const deadline = started + START_TIMEOUT_MS;
  let pathIndex = 0;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${logTail(options.logFile)}`);
    const status = await probe(`${url}${options.readyPaths[pathIndex]}`);
    if (status === 200) {
      const coldStartMs = performance.now() - started;
      return {
        url,
        pid: child.pid!,
        sampler: new ProcessSampler(child.pid!, options.tree),
        coldStartMs,
        readyPath: options.readyPaths[pathIndex],
        logFile: options.logFile,
        logBytes: () => statSync(options.logFile).size,
        stop,
      };
    }
    if (status === 404 && pathIndex < options.readyPaths.length - 1) {
      pathIndex++;
      continue;
    }
    await new Promise((r) => setTimeout(r, POLL_EVERY_MS));
  }
  await stop();
  throw new Error(`${options.script} not ready within ${START_TIMEOUT_MS} ms: see ${options.logFile}`);
}
