import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PROMETHEUS_DIR, RULE_TESTS_DIR, RULES_DIR, RUNBOOK_PATH } from './observability-paths';
import { loadAlertRuleTests, loadRules, yamlFilesIn } from './prometheus-rules';
import { promtool } from './promtool';

const { alerts, records } = loadRules();
const alertTests = loadAlertRuleTests();

/** GitHub's anchor for a Markdown heading. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}
const runbookAnchors = readFileSync(RUNBOOK_PATH, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('## '))
  .map((line) => headingAnchor(line.slice(3)));

describe('Prometheus rules', () => {
  it('pass promtool check rules', () => {
    const result = promtool(['check', 'rules', ...yamlFilesIn(RULES_DIR)]);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });

  it('pass their promtool unit tests (tests/*.yml)', () => {
    const files = yamlFilesIn(RULE_TESTS_DIR);
    expect(files.length).toBeGreaterThan(0);
    const result = promtool(['test', 'rules', ...files]);
    expect(result.output).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });

  it('define the required alerts', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual([
      'BookLibraryApiDatabaseNotReady',
      'BookLibraryApiErrorBudgetBurn',
      'BookLibraryApiErrorBudgetBurnSlow',
      'BookLibraryApiHighErrorRatio',
      'BookLibraryApiHighLatencyP99',
      'BookLibraryApiInstanceDown',
      'BookLibraryApiLatencyBudgetBurn',
      'BookLibraryApiLatencyBudgetBurnSlow',
      'BookLibraryApiMigrationsPending',
      'BookLibraryApiRateLimitStoreFailing',
      'BookLibraryApiTargetMissing',
    ]);
  });

  it('name recording rules level:metric:operations, each once', () => {
    const names = records.map((rule) => rule.record);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z0-9_]+$/);
  });

  it('record the SLO ratios for every burn-rate window', () => {
    const names = new Set(records.map((rule) => rule.record));
    for (const window of ['5m', '30m', '1h', '2h', '6h', '1d', '3d']) {
      expect(names).toContain(`job:slo_errors_per_request:ratio_rate${window}`);
      expect(names).toContain(`job:slo_slow_requests_per_request:ratio_rate${window}`);
    }
  });

  describe.each(alerts.map((rule) => [rule.alert, rule] as const))('alert %s', (name, rule) => {
    it('has a severity (page or ticket), a summary and a description', () => {
      expect(['page', 'ticket']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toEqual(expect.stringMatching(/\S/));
      expect(rule.annotations?.description).toEqual(expect.stringMatching(/\S/));
    });

    it('links its section of observability/RUNBOOK.md', () => {
      const [path, anchor] = (rule.annotations?.runbook_url ?? '').split('#');
      expect(path).toBe('observability/RUNBOOK.md');
      expect(runbookAnchors).toContain(anchor);
      expect(anchor).toBe(headingAnchor(name));
    });

    it('has a unit test where it fires and one where it stays quiet', () => {
      const cases = alertTests.filter((testCase) => testCase.alertname === name);
      expect(cases.filter((testCase) => testCase.expectsFiring)).not.toHaveLength(0);
      expect(cases.filter((testCase) => !testCase.expectsFiring)).not.toHaveLength(0);
    });
  });

  it('has no runbook section without an alert', () => {
    const alertAnchors = alerts.map((rule) => headingAnchor(rule.alert));
    expect(runbookAnchors.filter((anchor) => anchor.startsWith('booklibraryapi')).sort()).toEqual(alertAnchors.sort());
  });
});

/**
 * Mutation tests: break one rule in a copy of observability/prometheus and check that the unit test
 * written for it now fails. A passing `promtool test rules` is only evidence if it fails when a rule
 * is wrong. The copy runs just that one test, which must be reported by name as FAILED.
 */
describe('promtool unit tests fail when a rule is broken', () => {
  let workDir: string;

  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), 'prometheus-mutant-'));
    cpSync(PROMETHEUS_DIR, workDir, { recursive: true });
  });

  afterEach(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  /** Narrows a copied test file to the one test the mutation should fail (and so keeps the run short). */
  function keepOnlyTest(testPath: string, testName: string): void {
    const testFile = parse(readFileSync(testPath, 'utf8')) as { tests: Array<{ name?: string }> };
    testFile.tests = testFile.tests.filter((test) => test.name === testName);
    expect(testFile.tests).toHaveLength(1);
    writeFileSync(testPath, stringify(testFile));
  }

  function mutate(ruleFile: string, from: string, to: string): void {
    const path = join(workDir, 'rules', ruleFile);
    const original = readFileSync(path, 'utf8');
    expect(original).toContain(from); // the mutation must really change the rule
    writeFileSync(path, original.replace(from, to));
  }

  it.each([
    {
      what: 'the fast availability burn threshold raised from 14.4x to 144x',
      ruleFile: 'slo-alerts.yml',
      from: 'job:slo_errors_per_request:ratio_rate1h > (14.4 * 0.001)',
      to: 'job:slo_errors_per_request:ratio_rate1h > (144 * 0.001)',
      testFile: 'slo-alerts.test.yml',
      failingTest: 'availability, sudden outage burns through the 1h/5m pair',
    },
    {
      what: 'the 3d/6h latency ticket threshold raised from 1x to 3x',
      ruleFile: 'slo-alerts.yml',
      from: 'job:slo_slow_requests_per_request:ratio_rate3d > (1 * 0.01)',
      to: 'job:slo_slow_requests_per_request:ratio_rate3d > (3 * 0.01)',
      testFile: 'slo-alerts.test.yml',
      failingTest: 'latency, steady 2 % slow requests burn through the 3d/6h pair',
    },
    {
      what: 'the latency SLI counting the 0.5 s bucket as fast',
      ruleFile: 'slo-recording.yml',
      from: 'rate(http_request_duration_seconds_bucket{job="book-library-api", le="0.25"}[1h])',
      to: 'rate(http_request_duration_seconds_bucket{job="book-library-api", le="0.5"}[1h])',
      testFile: 'slo-alerts.test.yml',
      failingTest: 'latency, sudden slowdown burns through the 1h/5m pair',
    },
    {
      what: 'instance down testing up == 1',
      ruleFile: 'service-alerts.yml',
      from: 'up{job="book-library-api"} == 0',
      to: 'up{job="book-library-api"} == 1',
      testFile: 'service-alerts.test.yml',
      failingTest: 'one instance down',
    },
    {
      what: 'the high-error-ratio alert counting 4xx as errors',
      ruleFile: 'http-recording.yml',
      from: 'status_code=~"5.."',
      to: 'status_code=~"[45].."',
      testFile: 'service-alerts.test.yml',
      failingTest: '5xx ratio under the threshold',
    },
    {
      what: 'the high-error-ratio alert losing its traffic floor',
      ruleFile: 'service-alerts.yml',
      from: 'ratio_rate5m > 0.05\n          and on (job, route)\n          job_route:http_requests:rate5m > 0.1',
      to: 'ratio_rate5m > 0.05\n          and on (job, route)\n          job_route:http_requests:rate5m > 0',
      testFile: 'service-alerts.test.yml',
      failingTest: 'high 5xx ratio on one route',
    },
    {
      what: 'database-not-ready downgraded from page to ticket',
      ruleFile: 'service-alerts.yml',
      from: 'health_status{job="book-library-api", check="database"} == 0\n        for: 2m\n        labels:\n          severity: page',
      to: 'health_status{job="book-library-api", check="database"} == 0\n        for: 2m\n        labels:\n          severity: ticket',
      testFile: 'service-alerts.test.yml',
      failingTest: 'database not ready on one instance',
    },
    {
      what: 'migrations-pending paging for an instance whose database is down',
      ruleFile: 'service-alerts.yml',
      from: 'unless on (job, instance)\n          health_status{job="book-library-api", check="database"} == 0',
      to: 'unless on (job, instance)\n          health_status{job="book-library-api", check="database"} == 2',
      testFile: 'service-alerts.test.yml',
      failingTest: 'migrations pending on one instance',
    },
    {
      what: 'the rate-limit store alert waiting 30 minutes instead of 10',
      ruleFile: 'service-alerts.yml',
      from: 'rate(rate_limit_store_errors_total{job="book-library-api"}[5m])) > 0\n        for: 10m',
      to: 'rate(rate_limit_store_errors_total{job="book-library-api"}[5m])) > 0\n        for: 30m',
      testFile: 'service-alerts.test.yml',
      failingTest: 'rate-limit store failing',
    },
    {
      what: 'the per-route request rates reading every job (a foreign 5xx would alert)',
      ruleFile: 'http-recording.yml',
      from: 'sum by (job, route, status_code) (rate(http_requests_total{job="book-library-api"}[5m]))',
      to: 'sum by (job, route, status_code) (rate(http_requests_total[5m]))',
      testFile: 'foreign-job.test.yml',
      failingTest: "a foreign job's failures fire nothing",
    },
    {
      what: 'database-not-ready reading every job',
      ruleFile: 'service-alerts.yml',
      from: 'health_status{job="book-library-api", check="database"} == 0\n        for: 2m',
      to: 'health_status{check="database"} == 0\n        for: 2m',
      testFile: 'foreign-job.test.yml',
      failingTest: "a foreign job's failures fire nothing",
    },
  ])('$what', ({ ruleFile, from, to, testFile, failingTest }) => {
    const testPath = join(workDir, 'tests', testFile);
    keepOnlyTest(testPath, failingTest);
    expect(promtool(['test', 'rules', testPath]).status).toBe(0); // passes before the mutation

    mutate(ruleFile, from, to);
    const result = promtool(['test', 'rules', testPath]);

    expect(result.status).not.toBe(0);
    expect(result.output).toContain('FAILED');
    expect(result.output).toContain(`name: ${failingTest},`);
  });
});
