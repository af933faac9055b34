import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The request-pipeline roles whose units must each have a spec beside them, named after them. */
const ROLE_FILE = /\.(guard|pipe|interceptor|middleware|filter|fallback)\.ts$/;
/** A class that plays one of those roles, whatever its file is called. */
const ROLE_CLASS =
  /^export class \w+ (?:extends \w+ )?(?:implements [\w, ]*\b(?:CanActivate|PipeTransform|NestInterceptor|NestMiddleware|ExceptionFilter)\b|extends (?:ThrottlerGuard|ValidationPipe)\b)/m;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist', 'generated'].includes(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')
      ? [path]
      : [];
  });
}

/** Every guard, pipe, interceptor, middleware, filter or fallback under apps/ and libs/ with no `<same name>.spec.ts` beside it. */
export function unitsWithoutSpec(root: string): string[] {
  return [...sourceFiles(join(root, 'apps')), ...sourceFiles(join(root, 'libs'))]
    .filter((path) => ROLE_FILE.test(path) || ROLE_CLASS.test(readFileSync(path, 'utf8')))
    .filter((path) => !existsSync(path.replace(/\.ts$/, '.spec.ts')))
    .map((path) => relative(root, path))
    .sort();
}

describe('unit specs (CONTRIBUTING.md: a spec beside every guard, pipe, interceptor, middleware and filter)', () => {
  it('finds the units it checks', () => {
    const units = sourceFiles(join(ROOT, 'libs')).filter((path) => ROLE_FILE.test(path));
    expect(units.map((path) => relative(ROOT, path))).toEqual(
      expect.arrayContaining([
        'libs/http/src/validation/uuid.pipe.ts',
        'libs/idempotency/src/idempotency.interceptor.ts',
      ]),
    );
  });

  it('every such unit has a spec named after it', () => {
    expect(unitsWithoutSpec(ROOT)).toEqual([]);
  });

  describe('on a planted tree', () => {
    let planted: string;
    const plant = (files: Record<string, string>) => {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(planted, path)), { recursive: true });
        writeFileSync(join(planted, path), text);
      }
    };
    beforeEach(() => (planted = mkdtempSync(join(tmpdir(), 'unit-specs-'))));
    afterEach(() => rmSync(planted, { recursive: true, force: true }));

    it('fails on a guard, a middleware and a role class in an oddly named file without specs', () => {
      plant({
        'libs/x/src/tenant.guard.ts': 'export class TenantGuard {}\n',
        'apps/api/src/trace.middleware.ts': 'export class TraceMiddleware {}\n',
        'libs/x/src/accepts.decorator.ts':
          'export class AcceptsGuard implements CanActivate {\n  canActivate() { return true; }\n}\n',
        'libs/x/src/x.service.ts': 'export class XService {}\n',
      });
      expect(unitsWithoutSpec(planted)).toEqual([
        'apps/api/src/trace.middleware.ts',
        'libs/x/src/accepts.decorator.ts',
        'libs/x/src/tenant.guard.ts',
      ]);
    });

    it('passes once each has its spec, and a spec named after another unit does not count', () => {
      plant({
        'libs/x/src/tenant.guard.ts': 'export class TenantGuard {}\n',
        'libs/x/src/tenant.guard.spec.ts': '',
        'libs/x/src/audit.interceptor.ts': 'export class AuditInterceptor {}\n',
        'libs/x/src/audit.spec.ts': '',
      });
      expect(unitsWithoutSpec(planted)).toEqual(['libs/x/src/audit.interceptor.ts']);
    });
  });
});
