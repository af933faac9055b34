import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// `npx tsx bench/top-frames.ts [file.cpuprofile | dir] [top] [skip seconds]`: where a V8 CPU profile (node --cpu-prof) spent
// its time, by function (self time) and by package. `BENCH_CPU_PROF=1 npm run bench` writes the profiles.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Where a script lives: a package under node_modules, our own code, or Node itself. */
export function packageOf(url: string): string {
  if (url === '') return '(native / V8)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node (core)';
  const dist = /\/dist\/(apps|libs)\/([^/]+)\//.exec(url);
  return dist ? `our code: ${dist[1]}/${dist[2]}` : url;
}

export interface Summary {
  totalMs: number;
  functions: Array<{ name: string; where: string; ms: number; percent: number }>;
  packages: Array<{ name: string; ms: number; percent: number }>;
}

/**
 * Self time per function and per package; idle and GC are kept as V8 names them. `skipSeconds` leaves out
 * the start (module loading), so that what remains is the time spent serving requests.
 */
export function summarise(profile: CpuProfile, top = 25, skipSeconds = 0): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    let elapsedMs = 0;
    profile.samples.forEach((id, i) => {
      elapsedMs += profile.timeDeltas![i] / 1000;
      if (elapsedMs >= skipSeconds * 1000) selfMs.set(id, (selfMs.get(id) ?? 0) + profile.timeDeltas![i] / 1000);
    });
  } else {
    const perHit =
      (profile.endTime - profile.startTime) / 1000 / profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
    for (const n of profile.nodes) selfMs.set(n.id, (n.hitCount ?? 0) * perHit);
  }
  const totalMs = [...selfMs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  const packages = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = functions.get(key) ?? { name, where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    const pkg = url === '' && name.startsWith('(') ? name : packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const pct = (ms: number) => (100 * ms) / totalMs;
  return {
    totalMs,
    functions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, percent: pct(f.ms) })),
    packages: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, percent: pct(ms) })),
  };
}

function newestProfile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) throw new Error(`no .cpuprofile in ${path}`);
  return files[0];
}

if (require.main === module) {
  const file = newestProfile(process.argv[2] ?? join(__dirname, 'results/profiles'));
  const skip = Number(process.argv[4] ?? 0);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const summary = summarise(profile, Number(process.argv[3] ?? 30), skip);
  console.log(`${file}: ${(summary.totalMs / 1000).toFixed(1)} s sampled after the first ${skip} s`);
  console.log('\nself time by package:');
  for (const p of summary.packages) console.log(`${p.percent.toFixed(1).padStart(6)} %  ${p.name}`);
  console.log('\nself time by function:');
  for (const f of summary.functions) console.log(`${f.percent.toFixed(1).padStart(6)} %  ${f.name}  ${f.where}`);
}
