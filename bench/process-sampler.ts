import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// CPU time and memory of the server under test, read from /proc (Linux) a few times a second.

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

/** One reading of /proc/<pid>; null once the process is gone. */
export function readProcess(pid: number): Sample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
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

/** Samples a process until stopped; windows give CPU % and peak RSS between two marks. */
export class ProcessSampler {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.timer.unref();
  }

  private sample(): Sample | null {
    const sample = readProcess(this.pid);
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

  /** VmHWM: the highest RSS of the process's whole life so far. */
  highWaterMb(): number {
    const last = this.sample() ?? this.samples.at(-1);
    return last ? last.hwmBytes / 2 ** 20 : NaN;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
