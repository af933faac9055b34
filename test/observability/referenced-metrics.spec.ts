import { dashboardQueries, loadDashboard } from './grafana-dashboard';
import { EXPORTED_METRICS, exportedMetricOf } from './exported-metrics';
import { loadRules } from './prometheus-rules';
import { isRecordingRuleName, metricNamesIn, scrapedMetricNamesIn } from './promql-metrics';

const rules = loadRules();
const recorded = rules.records.map((rule) => rule.record);
const dashboardExprs = dashboardQueries(loadDashboard()).map((query) => query.expr);
const ruleExprs = [...rules.records, ...rules.alerts].map((rule) => rule.expr);

describe('metrics referenced by the rules and the dashboard', () => {
  it.each([
    ['the alert and recording rules', ruleExprs],
    ['the Grafana dashboard', dashboardExprs],
  ])('%s read only metrics the app exports (or up)', (_what, exprs) => {
    const names = [...scrapedMetricNamesIn(exprs, recorded)];
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => exportedMetricOf(name) === undefined)).toEqual([]);
  });

  it('the dashboard reads only recording rules that the rules define', () => {
    const used = dashboardExprs.flatMap((expr) => [...metricNamesIn(expr)]).filter(isRecordingRuleName);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !recorded.includes(name))).toEqual([]);
  });

  it('a metric the app does not export is reported', () => {
    // Guards the check above: a misspelt name or a bucket of a non-histogram is caught.
    expect(exportedMetricOf('http_request_total')).toBeUndefined();
    expect(exportedMetricOf('books_total_bucket')).toBeUndefined();
    expect(exportedMetricOf('http_request_duration_seconds_bucket')?.name).toBe('http_request_duration_seconds');
    expect(exportedMetricOf('db_query_duration_seconds_count')?.type).toBe('histogram');
  });

  it('the expected list holds each metric once', () => {
    const names = EXPORTED_METRICS.map((metric) => metric.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
