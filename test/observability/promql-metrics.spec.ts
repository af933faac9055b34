import { join } from 'node:path';
import { dashboardQueries, loadDashboard, withGrafanaVariablesSubstituted } from './grafana-dashboard';
import { loadRules } from './prometheus-rules';
import { metricNamesIn, scrapedMetricNamesIn } from './promql-metrics';

const FIXTURES = join(__dirname, 'fixtures');

describe('metricNamesIn', () => {
  it.each([
    ['a bare selector', 'up', ['up']],
    [
      'a selector with matchers and a range',
      'rate(http_requests_total{status_code=~"5..", route!="x{y}"}[5m])',
      ['http_requests_total'],
    ],
    ['an aggregation with a label list before the body', 'sum by (job, route) (rate(a_total[5m]))', ['a_total']],
    ['an aggregation with the label list after the body', 'sum(rate(a_total[5m])) without (instance, le)', ['a_total']],
    ['vector matching with group_left labels', 'a / on (job) group_left(version, commit) b_info', ['a', 'b_info']],
    ['set operators and keywords', 'a > bool 1 and b unless c or d offset 5m', ['a', 'b', 'c', 'd']],
    ['numbers, exponents and durations', 'a > 1.5e-3 * 0x1F + Inf - NaN offset 1h30m', ['a']],
    ['a __name__ matcher', '{__name__="by_name_total", job="x"}', ['by_name_total']],
    ['a subquery', 'max_over_time(rate(a_total[1m])[1h:5m])', ['a_total']],
    ['strings in function arguments', 'label_replace(a, "dst", "$1", "src", "(not_a_metric)")', ['a']],
    [
      'recording-rule names',
      'job:slo_errors_per_request:ratio_rate1h > (14.4 * 0.001)',
      ['job:slo_errors_per_request:ratio_rate1h'],
    ],
    ['Grafana variables', 'rate(a_total{instance=~"$instance", pod=~"${pod:regex}"}[$__rate_interval])', ['a_total']],
    ['a comment', 'a # b', ['a']],
    [
      'histogram_quantile over buckets',
      'histogram_quantile(0.99, sum by (le) (rate(d_seconds_bucket[5m])))',
      ['d_seconds_bucket'],
    ],
    ['an absent() check', 'absent(up{job="book-library-api"})', ['up']],
  ])('%s', (_what, expr, expected) => {
    expect([...metricNamesIn(expr)].sort()).toEqual([...expected].sort());
  });
});

describe('on the fixture dashboard and rules', () => {
  const rules = loadRules(join(FIXTURES, 'rules'));
  const dashboard = loadDashboard(join(FIXTURES, 'dashboard.fixture.json'));

  it('collects the queries of nested panels and of query variables', () => {
    expect(dashboardQueries(dashboard).map((query) => query.where)).toEqual([
      'panel "Nested" A',
      'panel "Top level" A',
      'panel "Top level" B',
      'variable $instance',
    ]);
  });

  it('finds every scraped metric, leaving out the recording rules the rules define', () => {
    const exprs = [
      ...dashboardQueries(dashboard).map((query) => query.expr),
      ...rules.alerts.map((r) => r.expr),
      ...rules.records.map((r) => r.expr),
    ];
    const recorded = rules.records.map((rule) => rule.record);
    expect([...scrapedMetricNamesIn(exprs, recorded)].sort()).toEqual([
      'fixture_build_info',
      'fixture_by_name',
      'fixture_latency_seconds_bucket',
      'fixture_pool_waiting',
      'fixture_requests_total',
      'fixture_up',
    ]);
  });
});

describe('withGrafanaVariablesSubstituted', () => {
  it('turns interval variables into a duration and other variables into a match-all regex', () => {
    expect(
      withGrafanaVariablesSubstituted(
        'rate(a{instance=~"$instance",pod=~"${pod}"}[$__rate_interval]) offset $__interval',
      ),
    ).toBe('rate(a{instance=~".*",pod=~".*"}[5m]) offset 5m');
  });
});
