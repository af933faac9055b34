import { ESLint } from 'eslint';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Each static security check of `npm run security:static` must be able to fail: each gets a planted finding.
// The planted secrets are built at run time, so this file itself holds none for the scanners to find.

/** A-Z, a-z and 0-9, built from code points (a literal alphabet is itself a high-entropy string). */
const ALPHANUMERIC = [
  [65, 26],
  [97, 26],
  [48, 10],
].flatMap(([first, count]) => Array.from({ length: count }, (_, i) => String.fromCharCode(first + i)));

/**
 * A fake AWS secret access key: 40 *distinct* letters and digits in random order. Plain random base64 made both
 * checks flaky: it fell under no-secrets' entropy tolerance (4.5 bits per character) about once in 16 runs
 * (40 distinct characters always have log2(40) = 5.3), and secretlint's pattern ends in `\b`, so a key ending in
 * `+` or `/` (1 in 32) went unreported.
 */
const fakeAwsSecret = () =>
  ALPHANUMERIC.map((char) => ({ char, key: randomBytes(4).readUInt32BE() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, 40)
    .map(({ char }) => char)
    .join('');

const ROOT = resolve(__dirname, '../..');
const STATIC = join(ROOT, 'test/security/static');
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });

describe('static security checks catch what they are for', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'security-static-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('eslint-plugin-security and no-secrets fail production code with an injection sink or a secret', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [injection] = await eslint.lintText(
      "import { exec } from 'node:child_process';\nexport const run = (name: string) => exec(`ls ${name}`);\n" +
        'export const check = (pattern: string) => new RegExp(pattern);\n',
      { filePath: join(ROOT, 'libs/security/src/planted.ts') },
    );
    expect(injection.messages.map((m) => m.ruleId)).toEqual(
      expect.arrayContaining(['security/detect-child-process', 'security/detect-non-literal-regexp']),
    );
    const [secret] = await eslint.lintText(`export const token = '${fakeAwsSecret()}';\n`, {
      filePath: join(ROOT, 'apps/api/src/planted.ts'),
    });
    expect(secret.messages.map((m) => m.ruleId)).toContain('no-secrets/no-secrets');
  });

  it('secretlint fails on a planted AWS key', () => {
    const file = join(dir, 'leaked.env');
    writeFileSync(file, `AWS_SECRET_ACCESS_KEY=${fakeAwsSecret()}\n`);
    const scan = run(join(ROOT, 'node_modules/.bin/secretlint'), ['--secretlintrc', '.secretlintrc.json', file]);
    expect(scan.status).toBe(1);
    expect(scan.stdout + scan.stderr).toMatch(/AWSSecretAccessKey/);
  });

  it('the lockfile policy fails on a missing integrity, a weak hash or a foreign host', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { integrity?: string; resolved?: string }>;
    };
    const [first, second, third] = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/'));
    delete lock.packages[first].integrity;
    lock.packages[second].integrity = 'sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=';
    lock.packages[third].resolved = 'http://registry.evil.example/x/-/x-1.0.0.tgz';
    const file = join(dir, 'package-lock.json');
    writeFileSync(file, JSON.stringify(lock));
    const check = run(process.execPath, [join(STATIC, 'check-lockfile.mjs'), file]);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`${first}: no sha512 integrity`);
    expect(check.stderr).toMatch(/invalid integrity hash type/);
    expect(check.stderr).toContain(`${third}: resolved outside https://registry.npmjs.org/`);
    // …and passes the committed lockfile.
    expect(run(process.execPath, [join(STATIC, 'check-lockfile.mjs'), 'package-lock.json']).status).toBe(0);
  });

  it('the SBOM check fails on a document without components', () => {
    const file = join(dir, 'empty.cdx.json');
    writeFileSync(file, JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }));
    const check = run(process.execPath, [join(STATIC, 'sbom.mjs'), '--check', file]);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/no components/);
  });
});
