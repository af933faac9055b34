// Preloaded with `node --import ./bench/sql-capture.mts <script>`: appends every statement the process sends
// through `pg` (its text, name, values and row mode) as one JSON line to BENCH_SQL_CAPTURE_FILE. The benchmark
// runs the production build once with it to learn the repository's SQL, and the baselines with it to prove
// they replay that very SQL. Never loaded in a measured run: it costs a synchronous write per query.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const file = process.env.BENCH_SQL_CAPTURE_FILE;
if (!file) throw new Error('sql-capture: BENCH_SQL_CAPTURE_FILE is not set');

// The `pg` the script will load: resolved from the script, so it is the same CommonJS module instance.
const script = resolve(process.argv[1] ?? '.');
const pg = createRequire(script)('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
const original = pg.Client.prototype.query;

pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const [first, second] = args;
  let entry: { text: string; name?: string; values: unknown[]; rowMode?: string } | null = null;
  if (typeof first === 'string') entry = { text: first, values: Array.isArray(second) ? second : [] };
  else if (first !== null && typeof first === 'object' && 'text' in first) {
    const config = first as { text: string; name?: string; values?: unknown[]; rowMode?: string };
    entry = {
      text: config.text,
      name: config.name || undefined,
      values: config.values ?? (Array.isArray(second) ? second : []),
      rowMode: config.rowMode,
    };
  }
  if (entry) appendFileSync(file, `${JSON.stringify({ at: Date.now(), ...entry })}\n`);
  return original.apply(this, args);
};
