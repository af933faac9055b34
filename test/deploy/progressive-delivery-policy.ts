import { loadRules } from '../observability/prometheus-rules';
import { metricSelectorsIn } from '../observability/promql-metrics';
import { SERVICE_JOB } from '../observability/service-job';
import { effectiveConfig } from './app-contract';
import { findObject, objectId, type K8sObject } from './manifest-tree';

// The canary (deploy/components/progressive-delivery) must judge the SLIs the alerts use, long enough
// to see the canary's own traffic, and must not undercut the capacity the PDB and shutdown assume.

type Violations = string[];

interface CanaryStep {
  setWeight?: number;
  pause?: { duration?: string | number };
}
interface RolloutSpec {
  workloadRef?: { kind?: string; name?: string };
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  strategy?: {
    canary?: {
      maxUnavailable?: number | string;
      maxSurge?: number | string;
      analysis?: { templates?: { templateName?: string }[]; startingStep?: number };
      steps?: CanaryStep[];
    };
  };
}
interface AnalysisMetric {
  name: string;
  interval?: string;
  failureLimit?: number;
  successCondition?: string;
  provider?: { prometheus?: { query?: string } };
}

/** Seconds of a Go duration like 5m, 90s or 1h30m. */
export function seconds(duration: string | number | undefined): number {
  if (typeof duration === 'number') return duration;
  let total = 0;
  for (const [, value, unit] of (duration ?? '').matchAll(/(\d+)(h|m|s)/g)) {
    total += Number(value) * { h: 3600, m: 60, s: 1 }[unit as 'h' | 'm' | 's'];
  }
  return total;
}

/** The longest range window ([5m]) a recording rule's expression reads, in seconds. */
function windowOf(expr: string): number {
  return Math.max(0, ...[...expr.matchAll(/\[(\w+)\]/g)].map((m) => seconds(m[1])));
}

export function progressiveDeliveryViolations(objects: K8sObject[], rulesDir?: string): Violations {
  const rollout = findObject(objects, 'Rollout', 'book-library-api');
  if (!rollout) return ['no Rollout/book-library-api'];
  const found: Violations = [];
  const id = objectId(rollout);
  const rolloutSpec = rollout.spec as RolloutSpec;
  const deployment = findObject(objects, 'Deployment', rolloutSpec.workloadRef?.name ?? '');
  if (rolloutSpec.workloadRef?.kind !== 'Deployment' || !deployment) {
    return [`${id}: workloadRef must name the API Deployment`];
  }
  const deploymentSpec = deployment.spec as RolloutSpec & {
    template: { spec: { terminationGracePeriodSeconds?: number } };
  };
  if (rolloutSpec.minReadySeconds !== deploymentSpec.minReadySeconds)
    found.push(`${id}: minReadySeconds ${rolloutSpec.minReadySeconds} differs from the Deployment's`);

  const canary = rolloutSpec.strategy?.canary;
  if (!canary) return [...found, `${id}: strategy must be canary`];
  // Capacity: a step never takes a ready pod away, so the PDB's budget stays for node drains.
  if (canary.maxUnavailable !== 0) found.push(`${id}: canary maxUnavailable must be 0 (the PDB allows 1 for drains)`);
  if (!canary.maxSurge) found.push(`${id}: canary maxSurge must be at least 1`);
  const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget');
  if (!pdb) found.push(`${id}: no PodDisruptionBudget protects the pods while the canary runs`);

  // Steps: 10 % first, 100 % last, and every pause at least the SLI window plus two analysis runs.
  const weights = (canary.steps ?? []).flatMap((step) => (step.setWeight === undefined ? [] : [step.setWeight]));
  if (weights[0] === undefined || weights[0] > 10) found.push(`${id}: the first canary step must be at most 10 %`);
  if (weights.at(-1) !== 100) found.push(`${id}: the last step must set 100 %`);

  const templateNames = canary.analysis?.templates?.map((t) => t.templateName) ?? [];
  const templates = objects.filter((o) => o.kind === 'AnalysisTemplate' && templateNames.includes(o.metadata.name));
  if (templates.length === 0) return [...found, `${id}: no background analysis with a template in the tree`];
  if ((canary.analysis?.startingStep ?? 0) > 1) found.push(`${id}: analysis must start by the first pause`);

  const rules = loadRules(rulesDir);
  const recorded = new Map(rules.records.map((rule) => [rule.record, rule.expr]));
  let longestInterval = 0;
  let longestWindow = 0;
  const slis = new Set<string>();
  for (const template of templates) {
    for (const metric of (template.spec as { metrics?: AnalysisMetric[] }).metrics ?? []) {
      const where = `${objectId(template)} metric ${metric.name}`;
      const query = metric.provider?.prometheus?.query;
      if (!query) {
        found.push(`${where}: not a Prometheus query`);
        continue;
      }
      longestInterval = Math.max(longestInterval, seconds(metric.interval) * ((metric.failureLimit ?? 0) + 1));
      for (const selector of metricSelectorsIn(query)) {
        const expr = recorded.get(selector.name);
        if (expr === undefined) {
          found.push(`${where}: reads ${selector.name}, which observability/prometheus/rules does not record`);
          continue;
        }
        slis.add(selector.name);
        longestWindow = Math.max(longestWindow, windowOf(expr));
        if (!selector.matchers.includes(`job="${SERVICE_JOB}"`)) {
          found.push(`${where}: must select job="${SERVICE_JOB}"`);
        }
      }
      if (!metric.successCondition) found.push(`${where}: no successCondition`);
    }
  }
  for (const sli of ['job:slo_errors_per_request:ratio_rate5m', 'job:slo_slow_requests_per_request:ratio_rate5m']) {
    if (!slis.has(sli)) found.push(`${id}: the analysis does not judge ${sli}`);
  }
  const pauses = (canary.steps ?? []).filter((step) => step.pause).map((step) => seconds(step.pause?.duration));
  for (const pause of pauses) {
    if (pause === 0) found.push(`${id}: an indefinite pause promotes by hand, without the analysis deciding`);
    else if (pause < longestWindow + longestInterval) {
      found.push(
        `${id}: a ${pause} s pause is shorter than the SLI window (${longestWindow} s) plus the analysis' ` +
          `${longestInterval} s to fail, so a step could be promoted on the stable pods' traffic`,
      );
    }
  }

  // Shutdown: scaled-away canary pods drain like any other (grace > drain + timeout, checked for the
  // Deployment); the Rollout must not give them less time by aborting faster than a drain.
  const configMap = objects.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('book-library-api-config'),
  );
  const config = effectiveConfig((configMap?.data as Record<string, string> | undefined) ?? {});
  if ((rolloutSpec.progressDeadlineSeconds ?? 600) * 1000 <= config.SHUTDOWN_DRAIN_MS + config.SHUTDOWN_TIMEOUT_MS) {
    found.push(`${id}: progressDeadlineSeconds must exceed a pod's drain and shutdown`);
  }
  return found;
}
