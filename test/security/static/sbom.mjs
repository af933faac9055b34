// CycloneDX SBOM of what ships (production dependencies) → dist/sbom.cdx.json, then checked:
// a CycloneDX JSON document whose components include the runtime the image runs. Exits non-zero otherwise.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
// `sbom.mjs [file]` writes and checks; `sbom.mjs --check file` only checks an existing document.
const checkOnly = process.argv[2] === '--check';
const output = resolve(root, process.argv[checkOnly ? 3 : 2] ?? 'dist/sbom.cdx.json');

/** Problems with an SBOM document (empty when it is usable). */
export function sbomProblems(text) {
  let bom;
  try {
    bom = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${error.message}`];
  }
  const problems = [];
  if (bom.bomFormat !== 'CycloneDX') problems.push(`bomFormat is ${bom.bomFormat}, not CycloneDX`);
  const names = new Set((bom.components ?? []).map((c) => (c.group ? `${c.group}/${c.name}` : c.name)));
  if (names.size === 0) problems.push('no components');
  for (const required of ['@nestjs/core', 'express', 'pg']) {
    if (names.size > 0 && !names.has(required)) problems.push(`component ${required} missing`);
  }
  if ((bom.components ?? []).some((c) => !c.purl)) problems.push('a component without a purl');
  return problems;
}

if (import.meta.main && checkOnly) {
  const problems = sbomProblems(readFileSync(output, 'utf8'));
  if (problems.length > 0) process.stderr.write(`${output} is not a usable SBOM:\n${problems.join('\n')}\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}

if (import.meta.main) {
  mkdirSync(resolve(output, '..'), { recursive: true });
  const run = spawnSync(
    resolve(root, 'node_modules/.bin/cyclonedx-npm'),
    ['--omit', 'dev', '--output-format', 'JSON', '--output-file', output, '--spec-version', '1.6'],
    { cwd: root, encoding: 'utf8' },
  );
  if (run.status !== 0) {
    process.stderr.write(`cyclonedx-npm failed (${run.status}):\n${run.stderr}\n`);
    process.exit(1);
  }
  const problems = sbomProblems(readFileSync(output, 'utf8'));
  if (problems.length > 0) {
    process.stderr.write(`${output} is not a usable SBOM:\n${problems.join('\n')}\n`);
    process.exit(1);
  }
  const count = JSON.parse(readFileSync(output, 'utf8')).components.length;
  process.stdout.write(`${output}: CycloneDX SBOM with ${count} components\n`);
}
