// Behaviour of the scripts the workflows run (.github/scripts), exercised locally: kubectl, kustomize
// and npm are stubs that log their calls, so the rollback logic, the SARIF gate and the bounded load
// loop are tested without a cluster or GitHub.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = (name: string) => join(root, '.github', 'scripts', name);

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'ci-scripts-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

function stub(bin: string, name: string, body: string): void {
  const file = join(bin, name);
  writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(file, 0o755);
}

/** kubectl/kustomize/npm/curl stand-ins; every call is appended to $STUB_LOG. */
function stubTools(): { bin: string; log: string } {
  const bin = join(work, 'bin');
  const log = join(work, 'calls.log');
  mkdirSync(bin);
  writeFileSync(log, '');
  stub(
    bin,
    'kubectl',
    `echo "kubectl $*" >> "$STUB_LOG"
case " $* " in
  *" apply "*) exit "\${STUB_APPLY_EXIT:-0}" ;;
  *" rollout history "*)
    printf 'deployment.apps/book-library-api\\nREVISION  CHANGE-CAUSE\\n'
    for i in $(seq 1 "\${STUB_REVISIONS:-3}"); do echo "$i         <none>"; done ;;
  *" rollout status "*)
    sleep "\${STUB_ROLLOUT_SLEEP:-0}"
    # Only the first rollout (the deploy) fails; the one after an undo succeeds.
    if [ "$(grep -c 'rollout status' "$STUB_LOG")" -eq 1 ]; then exit "\${STUB_ROLLOUT_EXIT:-0}"; fi ;;
  *" port-forward "*) exec sleep 30 ;;
esac
exit 0`,
  );
  stub(bin, 'kustomize', 'echo "kustomize $* (in $(basename "$PWD"))" >> "$STUB_LOG"');
  stub(
    bin,
    'npm',
    'echo "npm $* SMOKE_BASE_URL=$SMOKE_BASE_URL SMOKE_API_KEY=$SMOKE_API_KEY" >> "$STUB_LOG"\nexit "${STUB_SMOKE_EXIT:-0}"',
  );
  // Ready only once the port-forward is up (its stub has logged), as with a real forward: no race with it.
  stub(bin, 'curl', 'grep -q " port-forward " "$STUB_LOG" || exit 7');
  return { bin, log };
}

describe('.github/scripts/deploy.sh', () => {
  const image = `ghcr.io/acme/book-library-api:sha-${'a'.repeat(40)}@sha256:${'b'.repeat(64)}`;

  function deploy(env: Record<string, string>) {
    const { bin, log } = stubTools();
    const overlay = join(work, 'dev');
    mkdirSync(overlay);
    writeFileSync(join(overlay, 'kustomization.yaml'), 'resources:\n  - ../../base\nnamespace: book-library-dev\n');
    const result = spawnSync('bash', [script('deploy.sh')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        STUB_LOG: log,
        RUNNER_TEMP: work,
        OVERLAY: overlay,
        IMAGE_REF: image,
        SMOKE_API_KEY: 'k-123',
        ...env,
      },
    });
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    return { status: result.status, output: `${result.stdout}${result.stderr}`, calls };
  }

  it('pins the image, applies, waits for the rollout and smoke-tests through the port-forward', () => {
    const { status, calls } = deploy({});
    expect(status).toBe(0);
    expect(calls).toEqual([
      `kustomize edit set image book-library-api=${image} (in dev)`,
      `kubectl apply -k ${join(work, 'dev')}`,
      'kubectl -n book-library-dev rollout status deployment/book-library-api --timeout=300s',
      'kubectl -n book-library-dev port-forward svc/book-library-api 18080:80',
      'npm run smoke SMOKE_BASE_URL=http://127.0.0.1:18080 SMOKE_API_KEY=k-123',
    ]);
  });

  it('rolls back and fails when the rollout does not complete', () => {
    const { status, output, calls } = deploy({ STUB_ROLLOUT_EXIT: '1', ROLLOUT_TIMEOUT: '5s' });
    expect(status).toBe(1);
    expect(output).toContain('the rollout did not complete within 5s');
    expect(calls).toContain('kubectl -n book-library-dev rollout undo deployment/book-library-api');
    expect(calls.findIndex((c) => c.includes('rollout undo'))).toBeLessThan(calls.length - 1);
    expect(calls.at(-1)).toBe('kubectl -n book-library-dev rollout status deployment/book-library-api --timeout=5s');
    expect(calls.some((c) => c.startsWith('npm run smoke'))).toBe(false);
  });

  it('rolls back and fails when the smoke test fails', () => {
    const { status, output, calls } = deploy({ STUB_SMOKE_EXIT: '1' });
    expect(status).toBe(1);
    expect(output).toContain('the smoke test failed');
    const smoke = calls.findIndex((c) => c.startsWith('npm run smoke'));
    const undo = calls.findIndex((c) => c.includes('rollout undo'));
    expect(smoke).toBeGreaterThan(-1);
    expect(undo).toBeGreaterThan(smoke);
  });

  it('rolls back when kubectl apply fails', () => {
    const { status, calls } = deploy({ STUB_APPLY_EXIT: '1' });
    expect(status).toBe(1);
    expect(calls).toContain('kubectl -n book-library-dev rollout undo deployment/book-library-api');
  });

  it('fails without an undo on the very first rollout (nothing to return to)', () => {
    const { status, output, calls } = deploy({ STUB_ROLLOUT_EXIT: '1', STUB_REVISIONS: '1' });
    expect(status).toBe(1);
    expect(output).toContain('no previous revision');
    expect(calls.some((c) => c.includes('rollout undo'))).toBe(false);
  });

  it('refuses an overlay without a namespace', () => {
    const { bin, log } = stubTools();
    const overlay = join(work, 'nameless');
    mkdirSync(overlay);
    writeFileSync(join(overlay, 'kustomization.yaml'), 'resources: []\n');
    const result = spawnSync('bash', [script('deploy.sh')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        STUB_LOG: log,
        OVERLAY: overlay,
        IMAGE_REF: image,
        SMOKE_API_KEY: 'k',
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('sets no namespace');
  });
});

describe('.github/scripts/sarif-gate.sh', () => {
  function sarif(results: object[], severity: string): object {
    return {
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: { name: 'CodeQL', rules: [] },
            extensions: [
              {
                name: 'codeql/javascript-queries',
                rules: [{ id: 'js/sql-injection', properties: { 'security-severity': severity } }],
              },
            ],
          },
          results,
        },
      ],
    };
  }
  const finding = {
    ruleId: 'js/sql-injection',
    message: { text: 'This query depends on a user-provided value.' },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: 'libs/books/src/books.repository.ts' },
          region: { startLine: 42 },
        },
      },
    ],
  };

  function gate(content: object | undefined, threshold: string) {
    const dir = mkdtempSync(join(work, 'sarif-'));
    if (content) writeFileSync(join(dir, 'javascript.sarif'), JSON.stringify(content));
    const result = spawnSync('bash', [script('sarif-gate.sh'), dir, threshold], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('fails on a result at or above the threshold and names it', () => {
    const { status, output } = gate(sarif([finding], '8.8'), '7.0');
    expect(status).toBe(1);
    expect(output).toContain(
      '8.8\tjs/sql-injection\tlibs/books/src/books.repository.ts:42\tThis query depends on a user-provided value.',
    );
  });

  it('passes results below the threshold', () => {
    expect(gate(sarif([finding], '6.1'), '7.0').status).toBe(0);
    expect(gate(sarif([finding], '8.8'), '9.0').status).toBe(0);
  });

  it('passes a suppressed result and an empty run', () => {
    expect(gate(sarif([{ ...finding, suppressions: [{ kind: 'inSource' }] }], '9.8'), '7.0').status).toBe(0);
    expect(gate(sarif([], '9.8'), '7.0').status).toBe(0);
  });

  it('errors when there is no SARIF to judge', () => {
    const { status, output } = gate(undefined, '7.0');
    expect(status).toBe(2);
    expect(output).toContain('no SARIF file');
  });
});

describe('.github/scripts/restart-under-load.sh', () => {
  let server: Server;
  let failing = false;
  let served = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      served += 1;
      res.statusCode = failing ? 503 : 200;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    failing = false;
    served = 0;
  });

  function restart(env: Record<string, string>, during?: () => void) {
    const { bin, log } = stubTools();
    rmSync(join(bin, 'curl')); // real requests against the local server
    const { port } = server.address() as AddressInfo;
    return new Promise<{ status: number | null; output: string; calls: string[] }>((resolve) => {
      const child = spawn('bash', [script('restart-under-load.sh')], {
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          STUB_LOG: log,
          BASE_URL: `http://127.0.0.1:${port}`,
          NAMESPACE: 'book-library-dev',
          DURATION: '2',
          WARMUP_SECONDS: '0.5',
          DRAIN_SECONDS: '0.5',
          INTERVAL: '0.05',
          STUB_ROLLOUT_SLEEP: '1',
          ...env,
        },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      if (during) setTimeout(during, 800);
      child.on('close', (status) => resolve({ status, output, calls: readFileSync(log, 'utf8').trim().split('\n') }));
    });
  }

  it('passes when every request during the restart succeeds', async () => {
    const { status, output, calls } = await restart({});
    const sent = Number(/rolling restart under load: (\d+) requests, 0 failed/.exec(output)?.[1]);
    expect(status).toBe(0);
    expect(sent).toBeGreaterThan(1);
    expect(served).toBe(sent);
    expect(calls).toEqual([
      'kubectl -n book-library-dev rollout restart deployment/book-library-api',
      'kubectl -n book-library-dev rollout status deployment/book-library-api --timeout=300s',
    ]);
  });

  it('fails when requests fail while pods are replaced', async () => {
    const { status, output } = await restart({}, () => {
      failing = true;
      setTimeout(() => (failing = false), 1000);
    });
    expect(status).toBe(1);
    expect(output).toContain('failed: HTTP 503');
    expect(output).toMatch(/[1-9]\d* of \d+ requests failed during the rolling restart/);
  });

  it('stops at MAX_REQUESTS however long the rollout takes', async () => {
    const { status, output } = await restart({ MAX_REQUESTS: '5' });
    expect(status).toBe(0);
    expect(output).toContain('5 requests, 0 failed');
    expect(served).toBe(5);
  });
});
