import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RULE_TESTS_DIR, RULES_DIR } from './observability-paths';

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RecordingRule {
  record: string;
  expr: string;
}

interface RuleGroupFile {
  groups: Array<{ name: string; interval?: string; rules: Array<AlertingRule | RecordingRule> }>;
}

export interface RuleSet {
  alerts: AlertingRule[];
  records: RecordingRule[];
}

export function yamlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name));
}

/** Every alerting and recording rule in observability/prometheus/rules/*.yml. */
export function loadRules(dir: string = RULES_DIR): RuleSet {
  const rules = yamlFilesIn(dir).flatMap((file) => {
    const parsed = parse(readFileSync(file, 'utf8')) as RuleGroupFile;
    return parsed.groups.flatMap((group) => group.rules);
  });
  return {
    alerts: rules.filter((rule): rule is AlertingRule => 'alert' in rule),
    records: rules.filter((rule): rule is RecordingRule => 'record' in rule),
  };
}

export interface AlertRuleTestCase {
  file: string;
  testName: string;
  alertname: string;
  evalTime: string;
  expectsFiring: boolean;
}

interface RuleTestFile {
  tests: Array<{
    name?: string;
    alert_rule_test?: Array<{ alertname: string; eval_time: string; exp_alerts?: unknown[] }>;
  }>;
}

/** Every alert_rule_test case in observability/prometheus/tests/*.yml. */
export function loadAlertRuleTests(dir: string = RULE_TESTS_DIR): AlertRuleTestCase[] {
  return yamlFilesIn(dir).flatMap((file) => {
    const parsed = parse(readFileSync(file, 'utf8')) as RuleTestFile;
    return parsed.tests.flatMap((test) =>
      (test.alert_rule_test ?? []).map((testCase) => ({
        file,
        testName: test.name ?? '',
        alertname: testCase.alertname,
        evalTime: testCase.eval_time,
        expectsFiring: (testCase.exp_alerts ?? []).length > 0,
      })),
    );
  });
}
