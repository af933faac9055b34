import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DASHBOARD_PATH, REPO_ROOT } from './observability-paths';

/**
 * Type-checks the dashboard JSON against @grafana/schema's Dashboard type with tsc. A JSON import would
 * widen every string to `string`, so `satisfies` could not check enum-like fields ("row", "query",
 * "absolute"); instead the JSON is written into a .ts file as an object literal followed by
 * `satisfies DashboardJson`, which checks literal values and rejects unknown keys. The file lives under
 * the repo's .tmp/ (git-ignored) so that `@grafana/schema` resolves from node_modules.
 */
function typeCheckDashboard(json: string): { status: number; output: string } {
  const tmpRoot = join(REPO_ROOT, '.tmp');
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'dashboard-typecheck-'));
  try {
    const typeModule = relative(dir, join(__dirname, 'dashboard-json-type.js')).split('\\').join('/');
    writeFileSync(
      join(dir, 'dashboard.check.ts'),
      `import type { DashboardJson } from '${typeModule}';\n\nexport const dashboard = ${json.trim()} satisfies DashboardJson;\n`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'ES2023',
          skipLibCheck: true,
          types: [],
        },
        files: ['dashboard.check.ts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', join(dir, 'tsconfig.json')],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    if (tsc.error) throw tsc.error;
    return { status: tsc.status ?? 1, output: `${tsc.stdout}${tsc.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Book Library API dashboard JSON against @grafana/schema', () => {
  const json = readFileSync(DASHBOARD_PATH, 'utf8');

  it('type-checks as a Dashboard', () => {
    const result = typeCheckDashboard(json);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails on a wrong field type, a misspelt key and an unknown enum value', () => {
    const broken = JSON.parse(json) as { panels: Array<Record<string, unknown>> };
    const [row, firstPanel] = broken.panels;
    (firstPanel.gridPos as Record<string, unknown>).h = '8'; // number expected
    row.titel = row.title; // not a RowPanel field
    delete row.title;
    const fieldConfig = firstPanel.fieldConfig as { defaults: Record<string, unknown> };
    fieldConfig.defaults.thresholds = { mode: 'absolut', steps: [] }; // "absolute" | "percentage"

    const result = typeCheckDashboard(JSON.stringify(broken, null, 2));

    expect(result.status).not.toBe(0);
    expect(result.output).toContain("Type 'string' is not assignable to type 'number'");
    expect(result.output).toMatch(/'"?titel"?' does not exist in type/);
    expect(result.output).toMatch(/Type '"absolut"' is not assignable to type '"absolute" \| "percentage"'/);
  });
});
