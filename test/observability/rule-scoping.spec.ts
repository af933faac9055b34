import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardQueries, loadDashboard } from './grafana-dashboard';
import { RULES_DIR } from './observability-paths';
import { loadRules, type RuleSet } from './prometheus-rules';
import { SERVICE_JOB, unscopedSelectorsIn } from './service-job';

// In a shared Prometheus every service exports http_requests_total and friends: a rule that reads a
// scraped metric without job="book-library-api" alerts on other services' traffic. The promtool side
// of this is prometheus/tests/foreign-job.test.yml; this is the static check that names the selector.

function ruleExprs({ alerts, records }: RuleSet): Array<{ where: string; expr: string }> {
  return [
    ...records.map((rule) => ({ where: `record ${rule.record}`, expr: rule.expr })),
    ...alerts.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })),
  ];
}

function unscopedRuleSelectors(rules: RuleSet) {
  return unscopedSelectorsIn(
    ruleExprs(rules),
    rules.records.map((rule) => rule.record),
  );
}

describe(`every rule selects job="${SERVICE_JOB}"`, () => {
  const rules = loadRules();

  it('in every selector of a scraped metric (recording rules carry the job on)', () => {
    expect(ruleExprs(rules).length).toBeGreaterThan(30);
    expect(unscopedRuleSelectors(rules)).toEqual([]);
  });

  it('and so does every dashboard query', () => {
    const recorded = rules.records.map((rule) => rule.record);
    expect(unscopedSelectorsIn(dashboardQueries(loadDashboard()), recorded)).toEqual([]);
  });
});

describe('the scoping check fails on an unscoped rule', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rule-scoping-'));
    cpSync(RULES_DIR, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function mutate(file: string, from: string, to: string): void {
    const path = join(dir, file);
    const original = readFileSync(path, 'utf8');
    expect(original).toContain(from); // the mutation must really change the rule
    writeFileSync(path, original.replace(from, to));
  }

  it.each([
    {
      what: 'the 5m availability SLI without its job matcher',
      file: 'slo-recording.yml',
      from: 'rate(http_requests_total{job="book-library-api", status_code=~"5.."}[5m])',
      to: 'rate(http_requests_total{status_code=~"5.."}[5m])',
      where: 'record job:slo_errors_per_request:ratio_rate5m',
      selector: 'http_requests_total{status_code=~"5.."}',
    },
    {
      what: 'the database readiness alert matching every job by regex',
      file: 'service-alerts.yml',
      from: 'health_status{job="book-library-api", check="database"} == 0\n        for: 2m',
      to: 'health_status{job=~".+", check="database"} == 0\n        for: 2m',
      where: 'alert BookLibraryApiDatabaseNotReady',
      selector: 'health_status{job=~".+", check="database"}',
    },
    {
      what: 'the per-route rate reading a bare metric name',
      file: 'http-recording.yml',
      from: 'rate(http_requests_total{job="book-library-api"}[5m])',
      to: 'rate(http_requests_total[5m])',
      where: 'record job_route_status_code:http_requests:rate5m',
      selector: 'http_requests_total{}',
    },
    {
      what: 'another service named instead of this one',
      file: 'service-alerts.yml',
      from: 'rate_limit_store_errors_total{job="book-library-api"}',
      to: 'rate_limit_store_errors_total{job="book-library-api-canary"}',
      where: 'alert BookLibraryApiRateLimitStoreFailing',
      selector: 'rate_limit_store_errors_total{job="book-library-api-canary"}',
    },
  ])('$what', ({ file, from, to, where, selector }) => {
    expect(unscopedRuleSelectors(loadRules(dir))).toEqual([]);
    mutate(file, from, to);
    expect(unscopedRuleSelectors(loadRules(dir))).toEqual([{ where, selector }]);
  });
});
