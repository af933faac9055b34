// `npm run test:dast`: a wapiti scan of the production build, failing on any finding above low.
//
// Starts dist/apps/api/src/main.js on 127.0.0.1 (NODE_ENV=production, an API key, in-memory database),
// seeds a few books, then points wapiti 3 at the Swagger UI, the OpenAPI document and every GET operation
// of that document with example parameters (wapiti 3.0 has no --swagger import: the start URLs are built
// from the contract instead). JSON bodies are out of wapiti's reach; test/security/fuzz covers them.
// Bounded: --max-scan-time, --max-attack-time per module. Exit 1 on a finding of level >= 2 (medium) or
// any anomaly (a 500 or a timeout the scan provoked); the report stays in dist/dast/.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const outDir = resolve(root, 'dist/dast');
const report = resolve(outDir, 'wapiti-report.json');
const MODULES = 'sql,blindsql,exec,file,xss,permanentxss,redirect,crlf,csp,http_headers,cookieflags,methods';
const MAX_SCAN_SECONDS = Number(process.env.DAST_MAX_SCAN_SECONDS ?? 240);
// wapiti levels: 0 info, 1 low, 2 medium, 3 high, 4 critical.
const FAIL_FROM_LEVEL = Number(process.env.DAST_FAIL_FROM_LEVEL ?? 2);

const freePort = () =>
  new Promise((done, fail) => {
    const server = createServer().once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

const log = (line) => process.stdout.write(`[dast] ${line}\n`);

async function main() {
  const main = resolve(root, 'dist/apps/api/src/main.js');
  const key = randomBytes(32).toString('hex');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: 'memory://',
      API_KEYS: key,
      LOG_LEVEL: 'warn',
      // The scan is about injection and headers, not about being throttled after its first second.
      RATE_LIMIT_READ_PER_MINUTE: '1000000',
      RATE_LIMIT_WRITE_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serviceOutput = '';
  service.stdout.on('data', (c) => (serviceOutput += c));
  service.stderr.on('data', (c) => (serviceOutput += c));
  const stop = () => service.exitCode === null && service.kill('SIGKILL');
  process.on('exit', stop);

  try {
    const deadline = Date.now() + 180_000;
    while (
      !(await fetch(`${base}/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (service.exitCode !== null || Date.now() > deadline)
        throw new Error(`service did not start:\n${serviceOutput}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const ids = [];
    for (const [title, isbn] of [
      ['Dune', '978-0-441-17271-9'],
      ['Neuromancer', '0-441-56956-0'],
      ['Hyperion', undefined],
    ]) {
      const res = await fetch(`${base}/api/v1/books`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
        body: JSON.stringify({ title, authors: ['Some Author'], isbn, language: 'en', tags: ['sf'] }),
      });
      if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
      ids.push((await res.json()).id);
    }
    const startUrls = await startUrlsFrom(base, ids[0]);
    log(`service on ${base}; ${startUrls.length} start URLs; modules ${MODULES}; at most ${MAX_SCAN_SECONDS} s`);

    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const args = ['-u', `${base}/`, '--scope', 'folder', ...startUrls.flatMap((u) => ['-s', u]), '-m', MODULES];
    args.push(
      '--max-scan-time',
      String(MAX_SCAN_SECONDS),
      '--max-attack-time',
      String(Math.ceil(MAX_SCAN_SECONDS / 8)),
    );
    args.push('-d', '3', '-t', '10', '--flush-session', '--store-session', resolve(outDir, 'session'));
    args.push('--store-config', resolve(outDir, 'config'), '-H', `X-API-Key: ${key}`, '--no-bugreport', '-v', '1');
    args.push('-f', 'json', '-o', report);
    const scan = spawnSync('wapiti', args, { encoding: 'utf8', timeout: (MAX_SCAN_SECONDS + 180) * 1000 });
    if (scan.error || scan.status !== 0) {
      throw new Error(`wapiti failed (${scan.error?.message ?? scan.status}):\n${scan.stdout}\n${scan.stderr}`);
    }
    const findings = findingsIn(JSON.parse(readFileSync(report, 'utf8')));
    for (const f of findings) log(`${f.kind} level ${f.level}: ${f.category} ${f.method} ${f.path} ${f.info}`);
    const failing = findings.filter((f) => f.kind === 'anomaly' || Number(f.level) >= FAIL_FROM_LEVEL);
    if (failing.length > 0) {
      log(`FAILED: ${failing.length} finding(s) at level ${FAIL_FROM_LEVEL} or above, or anomalies; report: ${report}`);
      return 1;
    }
    log(`passed: ${findings.length} finding(s), none above low; report: ${report}`);
    return 0;
  } finally {
    stop();
  }
}

/** Swagger UI, the contract, and every GET operation of the contract with example parameter values. */
async function startUrlsFrom(base, bookId) {
  const doc = await (await fetch(`${base}/docs/openapi.json`)).json();
  const examples = {
    limit: '10',
    cursor: 'x',
    q: 'dune',
    author: 'Some Author',
    isbn: '9780441172719',
    language: 'en',
    tag: 'sf',
    publishedYearFrom: '1900',
    publishedYearTo: '2000',
    sort: 'title',
    id: bookId,
  };
  const urls = [`${base}/docs/`, `${base}/docs/openapi.json`, `${base}/health`, `${base}/ready`];
  for (const [path, operations] of Object.entries(doc.paths)) {
    if (!operations.get) continue;
    const params = operations.get.parameters ?? [];
    const concrete = path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(examples[name] ?? 'x'));
    const query = params
      .filter((p) => p.in === 'query')
      .map((p) => `${p.name}=${encodeURIComponent(examples[p.name] ?? 'x')}`)
      .join('&');
    urls.push(`${base}${concrete}${query ? `?${query}` : ''}`);
  }
  return urls;
}

/** Every vulnerability, anomaly and additional finding in a wapiti JSON report. */
function findingsIn(json) {
  const out = [];
  const kinds = { vulnerabilities: 'vulnerability', anomalies: 'anomaly', additionals: 'additional' };
  for (const [section, kind] of Object.entries(kinds)) {
    for (const [category, entries] of Object.entries(json[section] ?? {})) {
      for (const entry of entries) out.push({ kind, category, ...entry });
    }
  }
  return out;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`[dast] ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
