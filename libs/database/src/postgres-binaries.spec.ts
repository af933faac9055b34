import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedPostgresPackage, findPostgresBinaries } from './postgres-binaries';

describe('findPostgresBinaries', () => {
  let linkDir: string;
  beforeEach(() => (linkDir = join(mkdtempSync(join(tmpdir(), 'pg-bin-')), 'links')));
  afterEach(() => rmSync(join(linkDir, '..'), { recursive: true, force: true }));

  it("finds this platform's package and runs its postgres, with install scripts off (.npmrc)", () => {
    const binaries = findPostgresBinaries(linkDir);
    expect(binaries.postgres).toContain(embeddedPostgresPackage());
    expect(existsSync(binaries.initdb)).toBe(true);
    // Without the library links its postinstall would make, the binary could not even load.
    const version = execFileSync(binaries.postgres, ['--version'], { env: { ...binaries.env }, encoding: 'utf8' });
    expect(version).toMatch(/^postgres \(PostgreSQL\) 18\./);
  });

  it('makes the missing library links in its own directory, not in node_modules', () => {
    const binaries = findPostgresBinaries(linkDir);
    const libraryPath = Object.values(binaries.env)[0];
    if (existsSync(linkDir)) {
      expect(libraryPath.split(':')[0]).toBe(linkDir);
      expect(readdirSync(linkDir).length).toBeGreaterThan(0);
    } else {
      // An install that ran the postinstall (the image does): nothing to link.
      expect(libraryPath.split(':')).toHaveLength(1);
    }
  });
});
