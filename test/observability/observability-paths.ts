import { join, resolve } from 'node:path';

/** Where the monitoring-as-code files live, for every observability spec. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const OBSERVABILITY_DIR = join(REPO_ROOT, 'observability');
export const PROMETHEUS_DIR = join(OBSERVABILITY_DIR, 'prometheus');
export const RULES_DIR = join(PROMETHEUS_DIR, 'rules');
export const RULE_TESTS_DIR = join(PROMETHEUS_DIR, 'tests');
export const RUNBOOK_PATH = join(OBSERVABILITY_DIR, 'RUNBOOK.md');
export const GRAFANA_DIR = join(OBSERVABILITY_DIR, 'grafana');
export const DASHBOARD_PATH = join(GRAFANA_DIR, 'dashboards', 'book-library-api.json');
export const DATASOURCE_PROVISIONING_PATH = join(GRAFANA_DIR, 'provisioning', 'datasources', 'prometheus.yml');
export const DASHBOARD_PROVISIONING_PATH = join(GRAFANA_DIR, 'provisioning', 'dashboards', 'dashboards.yml');
