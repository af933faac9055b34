import { spawnSync } from 'node:child_process';

export interface PromtoolResult {
  status: number;
  output: string;
}

/** Runs promtool (Debian package `prometheus`, listed in scripts/apt-packages.txt) and returns its exit status and output. */
export function promtool(args: readonly string[], cwd?: string): PromtoolResult {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (run.error) {
    throw new Error(
      `cannot run promtool (apt-get install prometheus; see scripts/apt-packages.txt): ${run.error.message}`,
    );
  }
  return { status: run.status ?? 1, output: `${run.stdout}${run.stderr}` };
}
