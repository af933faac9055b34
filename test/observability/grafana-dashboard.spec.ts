import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DASHBOARD_PROVISIONING_PATH, DATASOURCE_PROVISIONING_PATH } from './observability-paths';
import {
  dashboardPanels,
  dashboardQueries,
  DashboardQuery,
  loadDashboard,
  withGrafanaVariablesSubstituted,
} from './grafana-dashboard';
import { isRecordingRuleName, metricNamesIn } from './promql-metrics';
import { promtool } from './promtool';

const dashboard = loadDashboard();
const panels = dashboardPanels(dashboard);
const queries = dashboardQueries(dashboard);

const datasources = (
  parse(readFileSync(DATASOURCE_PROVISIONING_PATH, 'utf8')) as {
    datasources: Array<{ name: string; type: string; uid: string; url: string }>;
  }
).datasources;
const providers = (
  parse(readFileSync(DASHBOARD_PROVISIONING_PATH, 'utf8')) as {
    providers: Array<{ type: string; options: { path: string } }>;
  }
).providers;

/** Runs `promtool check rules` on the given expressions, each wrapped as a recording rule. */
function checkWithPromtool(exprs: readonly DashboardQuery[]): ReturnType<typeof promtool> {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-promql-'));
  try {
    const rules = exprs.map((query, index) => ({
      record: `dashboard:query_${index}:check`,
      expr: withGrafanaVariablesSubstituted(query.expr),
    }));
    const file = join(dir, 'dashboard-queries.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
    return promtool(['check', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Grafana provisioning', () => {
  it('provisions one Prometheus datasource at the compose service, with a fixed uid', () => {
    expect(datasources).toEqual([
      expect.objectContaining({ type: 'prometheus', uid: 'book-library-prometheus', url: 'http://prometheus:9090' }),
    ]);
  });

  it('loads dashboards from where docker-compose mounts observability/grafana/dashboards', () => {
    expect(providers).toEqual([
      expect.objectContaining({
        type: 'file',
        options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }),
      }),
    ]);
  });
});

describe('Book Library API dashboard', () => {
  it('has its fixed uid and title', () => {
    expect(dashboard.uid).toBe('book-library-api');
    expect(dashboard.title).toBe('Book Library API');
  });

  it("has an instance variable listing the job's targets", () => {
    const instance = dashboard.templating.list.find((variable) => variable.name === 'instance');
    expect(instance).toEqual(
      expect.objectContaining({ type: 'query', query: 'label_values(up{job="book-library-api"}, instance)' }),
    );
  });

  it('queries only the provisioned datasource', () => {
    const uid = datasources[0].uid;
    for (const panel of panels) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({ panel: panel.title, uid });
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(uid);
    }
  });

  it('gives every panel a unique id and a place in the 24-column grid without overlaps', () => {
    const all = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
    const ids = all.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const owner = new Map<string, string>();
    const problems: string[] = [];
    for (const { title, gridPos } of all) {
      if (gridPos.x + gridPos.w > 24) problems.push(`${title} is wider than the grid`);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x += 1) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y += 1) {
          const other = owner.get(`${x},${y}`);
          if (other) problems.push(`${title} overlaps ${other} at ${x},${y}`);
          owner.set(`${x},${y}`, title);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows every signal the service exports and both SLOs', () => {
    const used = new Set(queries.flatMap((query) => [...metricNamesIn(query.expr)]));
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'http_requests_in_flight',
      'books_total',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'db_pool_connections',
      'db_query_duration_seconds_bucket',
      'health_status',
      'job:slo_errors_per_request:ratio_rate1h',
      'job:slo_slow_requests_per_request:ratio_rate1h',
      'job:slo_errors_per_request:ratio_rate30d',
      'job:slo_slow_requests_per_request:ratio_rate30d',
    ]) {
      expect(used).toContain(name);
    }
  });

  it('filters every per-instance query by the instance variable', () => {
    // Queries of recording rules are whole-service SLO numbers; every other one reads raw series.
    const perInstance = queries.filter(
      (query) => query.where.startsWith('panel') && ![...metricNamesIn(query.expr)].every(isRecordingRuleName),
    );
    expect(perInstance.length).toBeGreaterThan(0);
    const unfiltered = perInstance.filter((query) => {
      const selectors = query.expr.match(/\{[^}]*\}/g) ?? [];
      return selectors.length === 0 || !selectors.every((selector) => selector.includes('instance=~"$instance"'));
    });
    expect(unfiltered.map((query) => query.where)).toEqual([]);
  });

  it('has PromQL that promtool accepts (each query wrapped as a recording rule)', () => {
    expect(queries.length).toBeGreaterThan(10);
    const result = checkWithPromtool(queries);
    expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(result.status).toBe(0);
  });

  it('would have a broken query reported by that promtool check', () => {
    const result = checkWithPromtool([
      ...queries,
      { where: 'broken', expr: 'sum by (route) (rate(http_requests_total{instance=~"$instance"}[$__rate_interval])' },
    ]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/unclosed left parenthesis|parse error/);
  });

  describe('"Error ratio (5xx) by route" on a service that never answered 5xx', () => {
    const panel = panels.find((p) => p.title === 'Error ratio (5xx) by route');

    /** Evaluates `expr` with promtool over 10 minutes of 200s on one route; returns promtool's verdict on "reads 0". */
    function readsZeroWithout5xx(expr: string): ReturnType<typeof promtool> {
      const dir = mkdtempSync(join(tmpdir(), 'dashboard-eval-'));
      try {
        const record = 'dashboard:error_ratio:panel';
        writeFileSync(
          join(dir, 'rules.yml'),
          stringify({ groups: [{ name: 'panel', rules: [{ record, expr: withGrafanaVariablesSubstituted(expr) }] }] }),
        );
        writeFileSync(
          join(dir, 'test.yml'),
          stringify({
            rule_files: ['rules.yml'],
            evaluation_interval: '1m',
            tests: [
              {
                name: 'no 5xx reads 0',
                interval: '1m',
                input_series: [
                  {
                    series:
                      'http_requests_total{job="book-library-api",instance="api:8080",method="GET",route="/api/v1/books",status_code="200"}',
                    values: '0+60x20',
                  },
                ],
                promql_expr_test: [
                  {
                    expr: record,
                    eval_time: '10m',
                    exp_samples: [{ labels: `${record}{route="/api/v1/books"}`, value: 0 }],
                  },
                ],
              },
            ],
          }),
        );
        return promtool(['test', 'rules', join(dir, 'test.yml')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it('reads 0, not No data (`or 0 * …`, like the recording rule)', () => {
      expect(panel?.targets).toHaveLength(1);
      const result = readsZeroWithout5xx(panel!.targets![0].expr);
      expect(result.output).toContain('SUCCESS');
      expect(result.status).toBe(0);
    });

    it('would read No data without the `or 0 * …` branch (the check can fail)', () => {
      const bare =
        'sum by (route) (rate(http_requests_total{job="book-library-api", instance=~"$instance", status_code=~"5.."}[$__rate_interval]))\n/\nsum by (route) (rate(http_requests_total{job="book-library-api", instance=~"$instance"}[$__rate_interval]))';
      const result = readsZeroWithout5xx(bare);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('FAILED');
    });
  });
});
