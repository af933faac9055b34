import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** The project's layer rules, run on a throw-away tree holding the given files. */
function violationsIn(files: Record<string, string>): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'layer-rules-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext' } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const roots = [...new Set(Object.keys(files).map((path) => path.split('/')[0]))];
    let output: string;
    try {
      output = execFileSync(process.execPath, [DEPCRUISE, ...roots, '--config', CONFIG, '--output-type', 'json'], {
        cwd: dir,
        encoding: 'utf8',
      });
    } catch (error) {
      // Exit status = number of errors; the report is on stdout all the same.
      output = (error as { stdout: string }).stdout;
    }
    return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rulesBroken = (files: Record<string, string>) =>
  violationsIn(files)
    .map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
    .sort();

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it('storage never imports the HTTP library, and the errors library imports no other library', () => {
    expect(
      rulesBroken({
        'libs/http/src/index.ts': 'export const PROBLEM = 1;\n',
        'libs/books/src/index.ts': 'export const BOOK = 1;\n',
        'libs/database/src/planted.ts': "import { PROBLEM } from '../../http/src/index';\nexport const x = PROBLEM;\n",
        'libs/errors/src/planted.ts': "import { BOOK } from '../../books/src/index';\nexport const y = BOOK;\n",
      }),
    ).toEqual([
      'errors-library-stands-alone: libs/errors/src/planted.ts → libs/books/src/index.ts',
      'storage-never-imports-http: libs/database/src/planted.ts → libs/http/src/index.ts',
    ]);
  });

  it('production code and tools never import tests; tools use libraries through their index; specs may use test support', () => {
    expect(
      rulesBroken({
        'test/support/helper.ts': 'export const helper = 1;\n',
        'libs/books/src/index.ts': "export * from './deep';\n",
        'libs/books/src/deep.ts': 'export const deep = 1;\n',
        'libs/books/src/books.ts': "import { helper } from '../../../test/support/helper';\nexport const z = helper;\n",
        'libs/books/src/books.spec.ts':
          "import { helper } from '../../../test/support/helper';\nexport const s = helper;\n",
        'bench/load.ts':
          "import { helper } from '../test/support/helper';\nimport { deep } from '../libs/books/src/deep';\nexport const b = helper + deep;\n",
        'scripts/tool.ts': "import { deep } from '../libs/books/src/index';\nexport const t = deep;\n",
      }),
    ).toEqual([
      'not-to-test: bench/load.ts → test/support/helper.ts',
      'not-to-test: libs/books/src/books.ts → test/support/helper.ts',
      'tools-use-libraries-through-their-index: bench/load.ts → libs/books/src/deep.ts',
    ]);
  });
});
