import { readFileSync } from 'node:fs';
import { DASHBOARD_PATH } from './observability-paths';

export interface DashboardTarget {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}

export interface DashboardVariable {
  name: string;
  type: string;
  query?: string;
  datasource?: { type?: string; uid?: string };
}

/** The parts of the dashboard JSON the specs read (its full shape is checked by tsc against @grafana/schema). */
export interface DashboardFile {
  uid: string;
  title: string;
  panels: DashboardPanel[];
  templating: { list: DashboardVariable[] };
}

export function loadDashboard(path: string = DASHBOARD_PATH): DashboardFile {
  return JSON.parse(readFileSync(path, 'utf8')) as DashboardFile;
}

/** Panels with their rows' nested panels flattened in; rows themselves are left out. */
export function dashboardPanels(dashboard: DashboardFile): DashboardPanel[] {
  return dashboard.panels.flatMap((panel) => (panel.type === 'row' ? (panel.panels ?? []) : [panel]));
}

export interface DashboardQuery {
  where: string;
  expr: string;
}

const LABEL_VALUES = /^\s*label_values\(\s*(.+?)\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/s;

/**
 * Every PromQL expression of the dashboard: panel targets and query variables. A variable's
 * `label_values(selector, label)` (Grafana syntax, not PromQL) contributes its selector.
 */
export function dashboardQueries(dashboard: DashboardFile): DashboardQuery[] {
  const fromPanels = dashboardPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr })),
  );
  const fromVariables = dashboard.templating.list
    .filter((variable) => variable.type === 'query' && typeof variable.query === 'string')
    .map((variable) => {
      const query = variable.query as string;
      return { where: `variable $${variable.name}`, expr: LABEL_VALUES.exec(query)?.[1] ?? query };
    });
  return [...fromPanels, ...fromVariables];
}

/**
 * The expression Prometheus receives once Grafana has substituted its variables: interval variables
 * become a duration, every other variable (used in regex matchers) matches anything.
 */
export function withGrafanaVariablesSubstituted(expr: string): string {
  return expr
    .replace(/\$(?:__rate_interval|__interval|__range)\b|\$\{(?:__rate_interval|__interval|__range)\}/g, '5m')
    .replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '.*');
}
