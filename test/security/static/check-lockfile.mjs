// Supply-chain policy for package-lock.json; exits non-zero on any violation.
//
// This machine's npm config has omit-lockfile-registry-resolved=true, so package-lock.json carries no
// `resolved` URLs: lockfile-lint's host and HTTPS checks then have nothing to look at. What still pins
// every package is its `integrity` hash, and what picks the host is npm's registry setting. So:
//   1. lockfile-lint (https, allowed host npm, sha512 integrity, package names) for any `resolved` there is;
//   2. every installed package has a sha512 integrity (lockfile-lint does not flag a missing one);
//   3. any `resolved` URL is on https://registry.npmjs.org/;
//   4. npm resolves the missing URLs against https://registry.npmjs.org/ (no registry override in .npmrc).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const REGISTRY = 'https://registry.npmjs.org/';
const lockfile = resolve(process.argv[2] ?? 'package-lock.json');
const root = resolve(import.meta.dirname, '../../..');
const violations = [];

const lint = spawnSync(
  resolve(root, 'node_modules/.bin/lockfile-lint'),
  [
    '--path',
    lockfile,
    '--type',
    'npm',
    '--allowed-hosts',
    'npm',
    '--validate-https',
    '--validate-integrity',
    '--validate-package-names',
    '-f',
    'plain',
  ],
  { encoding: 'utf8' },
);
if (lint.status !== 0) violations.push(`lockfile-lint:\n${lint.stdout}${lint.stderr}`);

const { packages = {} } = JSON.parse(readFileSync(lockfile, 'utf8'));
for (const [path, entry] of Object.entries(packages)) {
  // The project itself and workspace links have no tarball.
  if (path === '' || entry.link) continue;
  if (!/^sha512-[A-Za-z0-9+/]+=*$/.test(entry.integrity ?? '')) violations.push(`${path}: no sha512 integrity`);
  if (entry.resolved !== undefined && !entry.resolved.startsWith(REGISTRY)) {
    violations.push(`${path}: resolved outside ${REGISTRY}: ${entry.resolved}`);
  }
}

const registry = execFileSync('npm', ['config', 'get', 'registry'], { cwd: root, encoding: 'utf8' }).trim();
if (registry !== REGISTRY) violations.push(`npm registry is ${registry}, not ${REGISTRY}`);

if (violations.length > 0) {
  process.stderr.write(`package-lock.json violates the supply-chain policy:\n${violations.join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `package-lock.json: ${Object.keys(packages).length - 1} packages, all sha512-pinned from ${REGISTRY}\n`,
);
