import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findBreakingChanges } from '../../scripts/contract-breaking';

// The SDK's version is the contract's, and its changelog says what each version changed, truthfully.

const ROOT = resolve(__dirname, '../..');
const contract = JSON.parse(readFileSync(resolve(ROOT, 'apps/api/openapi.json'), 'utf8'));
const sdkPackage = JSON.parse(readFileSync(resolve(ROOT, 'libs/sdk/package.json'), 'utf8'));
const changelog = readFileSync(resolve(ROOT, 'libs/sdk/CHANGELOG.md'), 'utf8');

const semver = (version: string): number[] => version.split('.').map(Number);
const newer = (a: string, b: string): boolean => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] > y[i];
  return false;
};

/** Each `## x.y.z` section of the changelog with its text. */
const entries = [...changelog.matchAll(/^## (\d+\.\d+\.\d+)\b.*$([\s\S]*?)(?=^## |(?![\s\S]))/gm)].map((m) => ({
  version: m[1],
  text: m[2],
}));

/** The renames an entry lists, as "`Old` → `New`". */
const renamesIn = (text: string) => [...text.matchAll(/`(\w+)` → `(\w+)`/g)].map((m) => ({ from: m[1], to: m[2] }));

describe('SDK versioning', () => {
  it('has a changelog entry for the version it is, newest first', () => {
    expect(entries.map((e) => e.version)).toContain(sdkPackage.version);
    for (let i = 1; i < entries.length; i++) expect(newer(entries[i - 1].version, entries[i].version)).toBe(true);
  });

  it('opens every new major version with what breaks', () => {
    for (const { version, text } of entries.filter((e) => e.version.endsWith('.0.0') && e.version !== '1.0.0'))
      expect([version, text]).toEqual([version, expect.stringMatching(/^### Breaking$/m)]);
  });

  it('lists renames that are true once the contract has reached that version', () => {
    const schemas = Object.keys(contract.components.schemas);
    const released = entries.filter((e) => !newer(e.version, contract.info.version));
    for (const { version, text } of released) {
      for (const { from, to } of renamesIn(text)) {
        expect([version, to, schemas.includes(to)]).toEqual([version, to, true]);
        expect([version, from, schemas.includes(from)]).toEqual([version, from, false]);
      }
    }
  });

  it('reports each rename the changelog lists as breaking, so it needs the new major', () => {
    const renames = renamesIn(entries.find((e) => e.version === '2.0.0')?.text ?? '');
    expect(renames.length).toBeGreaterThan(0);
    // The renames applied to the contract as it stood before them (names with the suffix), wherever they apply.
    const before = structuredClone(contract);
    const after = structuredClone(contract);
    for (const { from, to } of renames) {
      if (!(from in before.components.schemas) && to in before.components.schemas) {
        before.components.schemas[from] = before.components.schemas[to];
        delete before.components.schemas[to];
      } else if (from in after.components.schemas) {
        after.components.schemas[to] = after.components.schemas[from];
        delete after.components.schemas[from];
      }
    }
    const what = findBreakingChanges(before, after).map((c) => `${c.where}: ${c.what}`);
    for (const { from, to } of renames.filter(({ from: f }) => f in before.components.schemas))
      expect(what).toContain(
        `components.schemas.${from}: schema renamed to ${to} (the SDK's type ${from} is now ${to})`,
      );
  });

  it('takes the contract version into package.json when it generates (npm run openapi)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdk-version-'));
    try {
      cpSync(resolve(ROOT, 'libs/sdk/package.json'), join(dir, 'package.json'));
      writeFileSync(
        join(dir, 'openapi.json'),
        JSON.stringify({ ...contract, info: { ...contract.info, version: '7.3.1' } }),
      );
      const script =
        `import { followContractVersion } from ${JSON.stringify(resolve(ROOT, 'libs/sdk/generate.mjs'))};` +
        `followContractVersion(${JSON.stringify(join(dir, 'openapi.json'))}, ${JSON.stringify(join(dir, 'package.json'))});`;
      await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
      const written = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(written).toEqual({ ...sdkPackage, version: '7.3.1' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
