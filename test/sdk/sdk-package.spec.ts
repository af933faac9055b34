import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');
const SDK = resolve(ROOT, 'libs/sdk');
const run = promisify(execFile);

// The publishable package: built as `npm run build:sdk` builds it (same tsconfig), into a scratch copy of libs/sdk
// so parallel runs never share libs/sdk/dist; then loaded by its own name, as a consumer would.
describe('the @book-library/sdk package', () => {
  let pkgDir: string;
  const pkg = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8'));

  beforeAll(async () => {
    pkgDir = mkdtempSync(join(tmpdir(), 'sdk-package-'));
    cpSync(join(SDK, 'package.json'), join(pkgDir, 'package.json'));
    cpSync(join(SDK, 'README.md'), join(pkgDir, 'README.md'));
    const tsc = resolve(ROOT, 'node_modules/.bin/tsc');
    await run(tsc, ['-p', join(SDK, 'tsconfig.build.json'), '--outDir', join(pkgDir, 'dist')], { cwd: ROOT });
  }, 180_000);
  afterAll(() => rmSync(pkgDir, { recursive: true, force: true }));

  it('is named, versioned and points its exports at files the build makes', () => {
    expect(pkg).toMatchObject({ name: '@book-library/sdk', type: 'module', types: './dist/index.d.ts' });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.private).toBeUndefined();
    for (const target of [pkg.exports['.'].types, pkg.exports['.'].default, pkg.main, pkg.types]) {
      expect([target, existsSync(join(pkgDir, target))]).toEqual([target, true]);
    }
    expect(pkg.dependencies ?? {}).toEqual({}); // the generated client is bundled: nothing to install
  });

  it('loads by its name with import and with require, and talks to a server', async () => {
    const consumer = (load: string) => `
      const sdk = ${load};
      const server = (await import('node:http')).createServer((req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ items: [{ title: req.url + ' ' + req.headers['x-api-key'] }], nextCursor: null }));
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const api = sdk.createBookLibraryClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, apiKey: 'k' });
      const { data } = await api.listBooks({ query: { limit: 1 } });
      server.close();
      process.stdout.write(data.items[0].title);`;
    writeFileSync(join(pkgDir, 'esm-consumer.mjs'), consumer(`await import('@book-library/sdk')`));
    writeFileSync(join(pkgDir, 'cjs-consumer.cjs'), `(async () => {${consumer(`require('@book-library/sdk')`)}})();`);
    for (const file of ['esm-consumer.mjs', 'cjs-consumer.cjs']) {
      const { stdout } = await run(process.execPath, [file], { cwd: pkgDir });
      expect([file, stdout]).toEqual([file, '/api/v1/books?limit=1 k']);
    }
  }, 60_000);

  it('packs the build, its declarations and the README, and no source', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir });
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/generated/sdk.gen.js',
      ]),
    );
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  }, 60_000);
});
