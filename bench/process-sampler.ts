import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// CPU time and memory of the server under test, read from /proc (Linux) a few times a second: of its process,
// or of its whole process tree (an embedded database may run as child processes of the service).

const SAMPLE_EVERY_MS = 200;

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

const CLOCK_TICKS = clockTicksPerSecond();

interface Sample {
  at: number;
  cpuSeconds: number;
  rssBytes: number;
  hwmBytes: number;
}

export interface WindowStats {
  /** Server CPU over the window, in % of one core. */
  cpuPercent: number;
  /** Highest VmRSS seen in the window. */
  peakRssMb: number;
}

function kilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces): field 3 is index 0. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** `pid` and every process descended from it, found by parent pid across /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(statFields(Number(entry))[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** One reading of /proc/<pid>; null once the process is gone. */
export function readProcess(pid: number): Sample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    // utime and stime are fields 14 and 15.
    const fields = statFields(pid);
    const ticks = Number(fields[11]) + Number(fields[12]);
    return {
      at: performance.now(),
      cpuSeconds: ticks / CLOCK_TICKS,
      rssBytes: kilobytes(status, 'VmRSS'),
      hwmBytes: kilobytes(status, 'VmHWM'),
    };
  } catch {
    return null;
  }
}

/**
 * One reading of a whole process tree: CPU and RSS summed (RSS counts pages shared between the processes
 * once per process, an upper bound); the high-water mark is the root's alone.
 */
export function readTree(pid: number): Sample | null {
  const root = readProcess(pid);
  if (!root) return null;
  for (const child of processTree(pid).slice(1)) {
    const sample = readProcess(child);
    if (!sample) continue;
    root.cpuSeconds += sample.cpuSeconds;
    root.rssBytes += sample.rssBytes;
  }
  return root;
}

/** Samples a process until stopped; windows give CPU % and peak RSS between two marks. */
export class ProcessSampler {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    /** Sum the whole process tree (for a service with child processes). */
    private readonly tree = false,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  private sample(): Sample | null {
    const sample = this.tree ? readTree(this.pid) : readProcess(this.pid);
    if (sample) this.samples.push(sample);
    return sample;
  }

  /** A fresh sample, the start of a window. */
  mark(): Sample | null {
    return this.sample();
  }

  window(start: Sample | null): WindowStats {
    const end = this.sample();
    if (!start || !end) return { cpuPercent: NaN, peakRssMb: NaN };
    const inWindow = this.samples.filter((s) => s.at >= start.at && s.at <= end.at);
    const elapsedSeconds = (end.at - start.at) / 1000;
    return {
      cpuPercent: elapsedSeconds > 0 ? (100 * (end.cpuSeconds - start.cpuSeconds)) / elapsedSeconds : NaN,
      peakRssMb: Math.max(...inWindow.map((s) => s.rssBytes)) / 2 ** 20,
    };
  }

  /**
   * The highest RSS so far: the process's own VmHWM, or for a tree the highest sampled sum (child processes
   * have their own high-water marks, which do not add up).
   */
  highWaterMb(): number {
    const last = this.sample() ?? this.samples.at(-1);
    if (!last) return NaN;
    if (this.tree) return Math.max(last.hwmBytes, ...this.samples.map((s) => s.rssBytes)) / 2 ** 20;
    return last.hwmBytes / 2 ** 20;
  }

  /** The RSS now (summed over the tree when sampling one). */
  currentMb(): number {
    const now = this.sample();
    return now ? now.rssBytes / 2 ** 20 : NaN;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
