import path from 'node:path';
import type { IContainer, IProbe } from 'kubernetes-models/v1';
import {
  API_NAME,
  APP_ENV_VAR_NAMES,
  APP_GID,
  APP_UID,
  LIVENESS_PATH,
  METRICS_PATH,
  MIGRATE_COMMAND,
  READINESS_PATH,
  apiKeysFromFile,
  effectiveConfig,
} from './app-contract';
import { findObject, objectId, type K8sObject } from './manifest-tree';
import { restrictedPodSecurityViolations } from './pod-security';
import { containersOf, podTemplates, selects, type PodTemplate } from './pod-templates';

// Policies on a rendered overlay: what must hold for `kubectl apply -k` to give a service that starts,
// receives traffic only when ready, drains on shutdown and is locked down. Each function returns
// human-readable violations; an empty list means the tree passes.

type Violations = string[];

interface ApiWorkload {
  deployment: K8sObject;
  pod: PodTemplate;
  /** Variables from the ConfigMap(s) the API container loads with envFrom. */
  configEnv: Record<string, string>;
}

const spec = <T>(obj: K8sObject | undefined): T => (obj?.spec ?? {}) as T;

/** Decoded data of a Secret in the tree (data is base64, stringData plain). */
export function secretData(objects: K8sObject[], name: string): Record<string, string> | undefined {
  const secret = findObject(objects, 'Secret', name);
  if (!secret) return undefined;
  const data = (secret.data ?? {}) as Record<string, string>;
  const decoded = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  );
  return { ...decoded, ...((secret.stringData ?? {}) as Record<string, string>) };
}

function apiWorkload(objects: K8sObject[]): ApiWorkload | undefined {
  const deployment = findObject(objects, 'Deployment', API_NAME);
  const pod = podTemplates(objects).find((p) => p.object === deployment);
  if (!deployment || !pod) return undefined;
  const api = pod.spec.containers.find((c) => c.name === 'api') ?? pod.spec.containers[0];
  const configEnv: Record<string, string> = {};
  for (const source of api.envFrom ?? []) {
    const configMap = source.configMapRef && findObject(objects, 'ConfigMap', source.configMapRef.name ?? '');
    Object.assign(configEnv, (configMap?.data ?? {}) as Record<string, string>);
  }
  return { deployment, pod, configEnv };
}

/** The numeric container port a probe/Service port (number or name) reaches. */
function resolvePort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function imageViolations(pod: PodTemplate): Violations {
  const found: Violations = [];
  for (const { container, label } of containersOf(pod.spec)) {
    const image = container.image ?? '';
    const lastPart = image.split('/').pop() ?? '';
    if (!/[:@]/.test(lastPart)) found.push(`${pod.owner}: ${label}: image ${image} has no tag (means :latest)`);
    if (/:latest(@|$)/.test(image)) found.push(`${pod.owner}: ${label}: image ${image} uses :latest`);
  }
  return found;
}

function resourceViolations(pod: PodTemplate): Violations {
  const found: Violations = [];
  for (const { container, label } of containersOf(pod.spec)) {
    for (const kind of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[kind]?.[resource] === undefined) {
          found.push(`${pod.owner}: ${label}: resources.${kind}.${resource} is not set`);
        }
      }
    }
  }
  return found;
}

function probeViolations(owner: string, container: IContainer, port: number): Violations {
  const found: Violations = [];
  const expected: [string, IProbe | undefined, string][] = [
    ['startupProbe', container.startupProbe, LIVENESS_PATH],
    ['livenessProbe', container.livenessProbe, LIVENESS_PATH],
    ['readinessProbe', container.readinessProbe, READINESS_PATH],
  ];
  for (const [name, probe, path] of expected) {
    const where = `${owner}: container ${container.name}: ${name}`;
    if (!probe?.httpGet) {
      found.push(`${where} is missing (an HTTP GET on ${path} is expected)`);
      continue;
    }
    if (probe.httpGet.path !== path)
      found.push(`${where} path ${probe.httpGet.path} is not served by the app (expected ${path})`);
    const probePort = resolvePort(container, probe.httpGet.port);
    if (probePort !== port) found.push(`${where} port ${String(probe.httpGet.port)} is not the app's port ${port}`);
    if ((probe.httpGet.scheme ?? 'HTTP') !== 'HTTP') found.push(`${where} must use HTTP (the app serves no TLS)`);
  }
  return found;
}

/** Checks every overlay must pass. */
export function deployPolicyViolations(objects: K8sObject[]): Violations {
  const found: Violations = [];

  // One namespace, restricted, holding everything.
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  if (namespaces.length !== 1) found.push(`expected exactly one Namespace, found ${namespaces.length}`);
  const namespace = namespaces[0];
  if (namespace && namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted') {
    found.push(`${objectId(namespace)}: label pod-security.kubernetes.io/enforce must be restricted`);
  }
  for (const obj of objects) {
    if (obj.kind !== 'Namespace' && obj.metadata.namespace !== namespace?.metadata.name) {
      found.push(
        `${objectId(obj)}: namespace ${obj.metadata.namespace} is not the overlay's ${namespace?.metadata.name}`,
      );
    }
  }

  for (const pod of podTemplates(objects)) {
    found.push(...restrictedPodSecurityViolations(pod), ...resourceViolations(pod), ...imageViolations(pod));
    if (pod.spec.automountServiceAccountToken !== false)
      found.push(`${pod.owner}: automountServiceAccountToken must be false`);
  }

  const workload = apiWorkload(objects);
  if (!workload) return [...found, `Deployment/${API_NAME} is missing`];
  found.push(...apiDeploymentViolations(objects, workload));
  found.push(...ingressViolations(objects));
  return found;
}

function apiDeploymentViolations(objects: K8sObject[], { deployment, pod, configEnv }: ApiWorkload): Violations {
  const found: Violations = [];
  const owner = pod.owner;
  const fail = (message: string) => found.push(`${owner}: ${message}`);

  // The ConfigMap holds only variables the app reads, with values its schema accepts.
  for (const key of Object.keys(configEnv)) {
    if (!APP_ENV_VAR_NAMES.includes(key)) fail(`ConfigMap key ${key} is not a variable the app reads`);
  }
  let config;
  try {
    config = effectiveConfig(configEnv);
  } catch (error) {
    fail(`the ConfigMap would stop the app at start-up: ${(error as Error).message}`);
    config = effectiveConfig({});
  }

  const deploymentSpec = spec<{
    strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
    progressDeadlineSeconds?: number;
    revisionHistoryLimit?: number;
  }>(deployment);
  const rolling = deploymentSpec.strategy?.rollingUpdate;
  if (deploymentSpec.strategy?.type !== 'RollingUpdate' || rolling?.maxUnavailable !== 0 || rolling?.maxSurge !== 1) {
    fail('strategy must be RollingUpdate with maxUnavailable 0 and maxSurge 1');
  }
  if (!deploymentSpec.minReadySeconds) fail('minReadySeconds must be set');
  if (!deploymentSpec.progressDeadlineSeconds) fail('progressDeadlineSeconds must be set');
  if (deploymentSpec.revisionHistoryLimit === undefined) fail('revisionHistoryLimit must be set');

  // Shutdown: SIGTERM -> drain (ready=503) -> finish in-flight -> exit, all before SIGKILL.
  const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
  if (grace * 1000 <= config.SHUTDOWN_DRAIN_MS + config.SHUTDOWN_TIMEOUT_MS) {
    fail(
      `terminationGracePeriodSeconds ${grace} must exceed SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_MS ` +
        `(${config.SHUTDOWN_DRAIN_MS} + ${config.SHUTDOWN_TIMEOUT_MS} ms)`,
    );
  }

  const podContext = pod.spec.securityContext ?? {};
  for (const { container, label, init } of containersOf(pod.spec)) {
    const context = container.securityContext ?? {};
    if (
      (context.runAsUser ?? podContext.runAsUser) !== APP_UID ||
      (context.runAsGroup ?? podContext.runAsGroup) !== APP_GID
    ) {
      fail(`${label}: must run as ${APP_UID}:${APP_GID}, the image's user`);
    }
    if (!container.volumeMounts?.some((m) => m.mountPath === '/tmp' && isEmptyDir(pod, m.name))) {
      fail(`${label}: needs an emptyDir at /tmp (the root filesystem is read-only)`);
    }
    for (const variable of container.env ?? []) {
      if (!APP_ENV_VAR_NAMES.includes(variable.name))
        fail(`${label}: env ${variable.name} is not a variable the app reads`);
      if (variable.name === 'DATABASE_URL' && !variable.valueFrom?.secretKeyRef)
        fail(`${label}: DATABASE_URL must come from a Secret`);
    }
    if (!container.env?.some((v) => v.name === 'DATABASE_URL')) fail(`${label}: DATABASE_URL is not set`);
    if (init && JSON.stringify(container.command) !== JSON.stringify(MIGRATE_COMMAND)) {
      fail(`${label}: an init container in the API pod must run the migrate command ${MIGRATE_COMMAND.join(' ')}`);
    }
  }
  if (!pod.spec.initContainers?.some((c) => JSON.stringify(c.command) === JSON.stringify(MIGRATE_COMMAND))) {
    fail('no init container runs the migrate command');
  }

  for (const container of pod.spec.containers) {
    if (!container.ports?.some((p) => p.containerPort === config.PORT)) {
      fail(`container ${container.name}: does not expose the app's port ${config.PORT}`);
    }
    found.push(...probeViolations(owner, container, config.PORT));
    const readiness = container.readinessProbe;
    if (readiness) {
      const period = readiness.periodSeconds ?? 10;
      const detectMs = period * (readiness.failureThreshold ?? 3) * 1000;
      if (period > 2) fail(`container ${container.name}: readinessProbe periodSeconds ${period} must be at most 2`);
      if (detectMs >= config.SHUTDOWN_DRAIN_MS) {
        fail(
          `container ${container.name}: readinessProbe notices shutdown after up to ${detectMs} ms, ` +
            `not within SHUTDOWN_DRAIN_MS ${config.SHUTDOWN_DRAIN_MS}`,
        );
      }
    }
    const startup = container.startupProbe;
    if (
      startup &&
      (startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3) * 1000 <= config.DB_CONNECT_TIMEOUT_MS
    ) {
      fail(
        `container ${container.name}: startupProbe gives up before DB_CONNECT_TIMEOUT_MS ${config.DB_CONNECT_TIMEOUT_MS}`,
      );
    }
  }

  // API keys are read from a file that a Secret volume provides.
  if (config.API_KEYS_FILE) found.push(...apiKeysFileViolations(owner, pod, config.API_KEYS_FILE));

  const annotations = pod.annotations;
  if (
    annotations['prometheus.io/scrape'] !== 'true' ||
    annotations['prometheus.io/port'] !== String(config.PORT) ||
    annotations['prometheus.io/path'] !== METRICS_PATH
  ) {
    fail(`Prometheus scrape annotations must say scrape true, port ${config.PORT}, path ${METRICS_PATH}`);
  }

  const serviceAccount = findObject(objects, 'ServiceAccount', pod.spec.serviceAccountName ?? '');
  if (!serviceAccount) fail(`serviceAccountName ${pod.spec.serviceAccountName} is not a ServiceAccount in the tree`);
  else if (serviceAccount.automountServiceAccountToken !== false) {
    found.push(`${objectId(serviceAccount)}: automountServiceAccountToken must be false`);
  }

  const topologyKeys = (pod.spec.topologySpreadConstraints ?? []).map((c) => c.topologyKey);
  for (const key of ['kubernetes.io/hostname', 'topology.kubernetes.io/zone']) {
    if (!topologyKeys.includes(key)) fail(`no topologySpreadConstraint over ${key}`);
  }

  found.push(...serviceViolations(objects, pod, config.PORT));
  return found;
}

function isEmptyDir(pod: PodTemplate, volumeName: string): boolean {
  return pod.spec.volumes?.some((v) => v.name === volumeName && v.emptyDir !== undefined) ?? false;
}

/** Every container that loads the config must find API_KEYS_FILE, provided by a mounted Secret. */
function apiKeysFileViolations(owner: string, pod: PodTemplate, file: string): Violations {
  const fileName = path.posix.basename(file);
  return containersOf(pod.spec).flatMap(({ container, label }) => {
    const mount = container.volumeMounts?.find((m) => m.mountPath === path.posix.dirname(file));
    const secret = pod.spec.volumes?.find((v) => v.name === mount?.name)?.secret;
    const provided =
      secret !== undefined && (secret.items === undefined || secret.items.some((item) => item.path === fileName));
    return provided ? [] : [`${owner}: ${label}: API_KEYS_FILE ${file} is not provided by a mounted Secret`];
  });
}

function serviceViolations(objects: K8sObject[], pod: PodTemplate, appPort: number): Violations {
  const services = objects.filter(
    (o) =>
      o.kind === 'Service' &&
      selects({ matchLabels: spec<{ selector?: Record<string, string> }>(o).selector }, pod.labels),
  );
  if (services.length === 0) return [`no Service selects the ${pod.owner} pods`];
  const found: Violations = [];
  for (const service of services) {
    const serviceSpec = spec<{
      type?: string;
      ports?: { name?: string; port: number; targetPort?: number | string }[];
    }>(service);
    if ((serviceSpec.type ?? 'ClusterIP') !== 'ClusterIP') found.push(`${objectId(service)}: type must be ClusterIP`);
    for (const port of serviceSpec.ports ?? []) {
      const target = resolvePort(pod.spec.containers[0], port.targetPort ?? port.port);
      if (target !== appPort)
        found.push(`${objectId(service)}: port ${port.name ?? port.port} does not reach the app's port ${appPort}`);
    }
  }
  return found;
}

interface IngressSpec {
  tls?: { hosts?: string[]; secretName?: string }[];
  rules?: {
    host?: string;
    http?: { paths: { backend: { service?: { name: string; port: { name?: string; number?: number } } } }[] };
  }[];
}

function ingressViolations(objects: K8sObject[]): Violations {
  const found: Violations = [];
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    for (const rule of spec<IngressSpec>(ingress).rules ?? []) {
      if (!rule.host || rule.host.endsWith('.invalid'))
        found.push(`${objectId(ingress)}: the overlay must set the host (is ${rule.host})`);
      for (const { backend } of rule.http?.paths ?? []) {
        const service = findObject(objects, 'Service', backend.service?.name ?? '');
        const ports = spec<{ ports?: { name?: string; port: number }[] }>(service).ports ?? [];
        const wanted = backend.service?.port;
        const matches = (p: { name?: string; port: number }) =>
          (wanted?.name !== undefined && p.name === wanted.name) ||
          (wanted?.number !== undefined && p.port === wanted.number);
        if (!service || !ports.some(matches)) {
          found.push(
            `${objectId(ingress)}: backend ${backend.service?.name}:${wanted?.name ?? wanted?.number} is not a Service port`,
          );
        }
      }
    }
  }
  return found;
}

/** Production: highly available, autoscaled, fenced, monitored, image pinned, TLS, no Secret in git. */
export function productionPolicyViolations(objects: K8sObject[]): Violations {
  const found: Violations = [];
  const workload = apiWorkload(objects);
  if (!workload) return [`Deployment/${API_NAME} is missing`];
  const { deployment, pod } = workload;

  for (const secret of objects.filter((o) => o.kind === 'Secret')) {
    found.push(`${objectId(secret)}: production Secrets are created outside the repo, not rendered from it`);
  }

  // With the progressive-delivery component the HPA scales the Rollout that runs the Deployment's pods.
  const rollout = objects.find(
    (o) =>
      o.kind === 'Rollout' &&
      spec<{ workloadRef?: { kind?: string; name?: string } }>(o).workloadRef?.kind === 'Deployment' &&
      spec<{ workloadRef?: { name?: string } }>(o).workloadRef?.name === API_NAME,
  );
  const scaledKind = rollout ? 'Rollout' : 'Deployment';
  const hpa = objects.find(
    (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      spec<{ scaleTargetRef?: { kind?: string; name?: string } }>(o).scaleTargetRef?.kind === scaledKind &&
      spec<{ scaleTargetRef?: { name?: string } }>(o).scaleTargetRef?.name === API_NAME,
  );
  const replicas = spec<{ replicas?: number }>(deployment).replicas;
  if (!hpa) found.push(`no HorizontalPodAutoscaler scales ${scaledKind}/${API_NAME}`);
  else {
    const hpaSpec = spec<{ minReplicas?: number; metrics?: { type: string; resource?: { name: string } }[] }>(hpa);
    if ((hpaSpec.minReplicas ?? 1) < 2) found.push(`${objectId(hpa)}: minReplicas must be at least 2`);
    const resources = (hpaSpec.metrics ?? []).filter((m) => m.type === 'Resource').map((m) => m.resource?.name);
    for (const resource of ['cpu', 'memory']) {
      if (!resources.includes(resource)) found.push(`${objectId(hpa)}: no ${resource} metric`);
    }
  }
  if (replicas !== undefined && replicas < 2) found.push(`${objectId(deployment)}: replicas ${replicas} is below 2`);
  if (replicas === undefined && !hpa) found.push(`${objectId(deployment)}: no replicas and no HPA means 1 replica`);

  const pdbs = objects.filter(
    (o) => o.kind === 'PodDisruptionBudget' && selects(spec<{ selector?: object }>(o).selector, pod.labels),
  );
  if (pdbs.length === 0) found.push(`no PodDisruptionBudget covers the ${pod.owner} pods`);

  found.push(...networkPolicyViolations(objects, pod));

  for (const { container, label } of containersOf(pod.spec)) {
    if (!/^[^@]+:\d+\.\d+\.\d+@sha256:[a-f0-9]{64}$/.test(container.image ?? '')) {
      found.push(`${pod.owner}: ${label}: image ${container.image} must be pinned as <name>:<semver>@sha256:<digest>`);
    }
  }

  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    const ingressSpec = spec<IngressSpec>(ingress);
    const tlsHosts = (ingressSpec.tls ?? []).flatMap((t) => (t.secretName ? (t.hosts ?? []) : []));
    for (const rule of ingressSpec.rules ?? []) {
      if (!rule.host || !tlsHosts.includes(rule.host)) found.push(`${objectId(ingress)}: host ${rule.host} has no TLS`);
    }
  }

  found.push(...monitoringViolations(objects));
  return found;
}

interface NetworkPolicyRule {
  from?: object[];
  to?: object[];
  ports?: { port?: number | string; protocol?: string }[];
}

function networkPolicyViolations(objects: K8sObject[], pod: PodTemplate): Violations {
  const policies = objects.filter(
    (o) => o.kind === 'NetworkPolicy' && selects(spec<{ podSelector?: object }>(o).podSelector, pod.labels),
  );
  if (policies.length === 0) return [`no NetworkPolicy selects the ${pod.owner} pods`];
  const found: Violations = [];
  const api = pod.spec.containers[0];
  const appPort = api.ports?.[0]?.containerPort;
  for (const policy of policies) {
    const policySpec = spec<{ policyTypes?: string[]; ingress?: NetworkPolicyRule[]; egress?: NetworkPolicyRule[] }>(
      policy,
    );
    const id = objectId(policy);
    for (const type of ['Ingress', 'Egress']) {
      if (!policySpec.policyTypes?.includes(type)) found.push(`${id}: policyTypes must include ${type}`);
    }
    for (const rule of policySpec.ingress ?? []) {
      if (!rule.from?.length) found.push(`${id}: an ingress rule admits every source`);
      if (!rule.ports?.length || rule.ports.some((p) => resolvePort(api, p.port) !== appPort)) {
        found.push(`${id}: ingress must be limited to the app port ${appPort}`);
      }
    }
    for (const rule of policySpec.egress ?? []) {
      const ports = rule.ports ?? [];
      if (ports.length === 0) found.push(`${id}: an egress rule allows every port`);
      // The mesh component's sidecar talks to istiod (15012), and only there.
      const toIstiod = JSON.stringify(rule.to ?? []).includes('"kubernetes.io/metadata.name":"istio-system"');
      for (const port of ports) {
        if (port.port === 15012 && toIstiod) continue;
        if (port.port !== 53 && port.port !== 5432)
          found.push(`${id}: egress to port ${String(port.port)} is neither DNS nor PostgreSQL (nor istiod)`);
      }
    }
  }
  return found;
}

function monitoringViolations(objects: K8sObject[]): Violations {
  const found: Violations = [];
  const service = findObject(objects, 'Service', API_NAME);
  const serviceMonitors = objects.filter((o) => o.kind === 'ServiceMonitor');
  if (serviceMonitors.length === 0) found.push('no ServiceMonitor');
  for (const monitor of serviceMonitors) {
    const monitorSpec = spec<{
      selector?: { matchLabels?: Record<string, string> };
      endpoints?: { port?: string; path?: string }[];
    }>(monitor);
    if (!service || !selects(monitorSpec.selector, service.metadata.labels ?? {})) {
      found.push(`${objectId(monitor)}: does not select Service/${API_NAME}`);
    }
    const portNames = spec<{ ports?: { name?: string }[] }>(service).ports?.map((p) => p.name) ?? [];
    for (const endpoint of monitorSpec.endpoints ?? []) {
      if (!portNames.includes(endpoint.port))
        found.push(`${objectId(monitor)}: port ${endpoint.port} is not a port name of the Service`);
      if ((endpoint.path ?? '/metrics') !== METRICS_PATH)
        found.push(`${objectId(monitor)}: path ${endpoint.path} is not ${METRICS_PATH}`);
    }
  }
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');
  if (rules.length === 0) found.push('no PrometheusRule');
  // The rules select job="<job>": it must be the job the ServiceMonitor gives the scraped series.
  const jobs = new Set(serviceMonitors.map((monitor) => scrapeJobOf(monitor, service)));
  for (const rule of rules) {
    const exprs = (spec<{ groups?: { rules?: { expr?: unknown }[] }[] }>(rule).groups ?? []).flatMap((group) =>
      (group.rules ?? []).map((r) => String(r.expr)),
    );
    const ruleJobs = new Set(exprs.flatMap((expr) => [...expr.matchAll(/\bjob\s*=\s*"([^"]*)"/g)].map((m) => m[1])));
    if (ruleJobs.size === 0) found.push(`${objectId(rule)}: no rule selects a job`);
    for (const job of ruleJobs) {
      if (!jobs.has(job))
        found.push(`${objectId(rule)}: selects job "${job}", but the ServiceMonitor's job is ${[...jobs].join(', ')}`);
    }
  }
  return found;
}

/** The `job` label Prometheus Operator gives a ServiceMonitor's targets: the jobLabel's value, else the Service name. */
function scrapeJobOf(monitor: K8sObject, service: K8sObject | undefined): string {
  const jobLabel = spec<{ jobLabel?: string }>(monitor).jobLabel;
  if (!service) return '(no Service)';
  return jobLabel
    ? (service.metadata.labels?.[jobLabel] ?? `(Service has no label ${jobLabel})`)
    : service.metadata.name;
}

/** Dev: one replica, debug logs, and an in-cluster PostgreSQL the app's DATABASE_URL really reaches. */
export function devPolicyViolations(objects: K8sObject[]): Violations {
  const found: Violations = [];
  const workload = apiWorkload(objects);
  if (!workload) return [`Deployment/${API_NAME} is missing`];
  const { deployment, pod, configEnv } = workload;
  if (spec<{ replicas?: number }>(deployment).replicas !== 1)
    found.push(`${objectId(deployment)}: dev runs exactly 1 replica`);
  if (configEnv.LOG_LEVEL !== 'debug') found.push(`${objectId(deployment)}: dev logs at debug level`);

  found.push(...devApiKeysViolations(objects, pod, configEnv));

  const databaseUrlRef = pod.spec.containers[0].env?.find((v) => v.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
  const databaseUrl = databaseUrlRef && secretData(objects, databaseUrlRef.name ?? '')?.[databaseUrlRef.key];
  if (!databaseUrl) return [...found, `${pod.owner}: DATABASE_URL's Secret is not generated in dev`];
  const url = new URL(databaseUrl);

  const statefulSet = findObject(objects, 'StatefulSet', url.hostname);
  const service = findObject(objects, 'Service', url.hostname);
  if (!statefulSet || !service)
    return [...found, `DATABASE_URL host ${url.hostname} is not an in-cluster StatefulSet + Service`];
  const database = podTemplates(objects).find((p) => p.object === statefulSet);
  if (!database) return [...found, `${objectId(statefulSet)}: no pod template`];
  const servicePorts = spec<{ ports?: { port: number }[] }>(service).ports ?? [];
  if (!servicePorts.some((p) => p.port === Number(url.port || 5432)))
    found.push(`${objectId(service)}: does not serve port ${url.port}`);

  const postgres = database.spec.containers[0];
  const postgresEnv: Record<string, string> = {};
  for (const source of postgres.envFrom ?? []) {
    if (source.secretRef) Object.assign(postgresEnv, secretData(objects, source.secretRef.name ?? ''));
    if (source.configMapRef) {
      Object.assign(postgresEnv, findObject(objects, 'ConfigMap', source.configMapRef.name ?? '')?.data ?? {});
    }
  }
  // Without a password in the URL the database must trust in-cluster connections, and vice versa.
  const passwordMatches = url.password
    ? postgresEnv.POSTGRES_PASSWORD === decodeURIComponent(url.password)
    : postgresEnv.POSTGRES_HOST_AUTH_METHOD === 'trust';
  if (
    postgresEnv.POSTGRES_USER !== decodeURIComponent(url.username) ||
    postgresEnv.POSTGRES_DB !== url.pathname.slice(1) ||
    !passwordMatches
  ) {
    found.push(`DATABASE_URL's user/password/database do not match ${objectId(statefulSet)}'s POSTGRES_* settings`);
  }

  const context = database.spec.securityContext ?? {};
  if (context.runAsUser !== 999 || context.runAsGroup !== 999 || context.fsGroup !== 999) {
    found.push(`${objectId(statefulSet)}: must run as the postgres image's uid/gid 999 with fsGroup 999`);
  }
  const pgdata = postgres.env?.find((v) => v.name === 'PGDATA')?.value ?? '';
  const claims = (
    spec<{ volumeClaimTemplates?: { metadata: { name: string } }[] }>(statefulSet).volumeClaimTemplates ?? []
  ).map((c) => c.metadata.name);
  const dataMount = postgres.volumeMounts?.find((m) => pgdata.startsWith(`${m.mountPath}/`));
  if (!dataMount || !claims.includes(dataMount.name)) {
    found.push(`${objectId(statefulSet)}: PGDATA ${pgdata} must be a subdirectory of a PVC-backed mount`);
  }
  for (const writable of ['/var/run/postgresql', '/tmp']) {
    if (!postgres.volumeMounts?.some((m) => m.mountPath === writable && isEmptyDir(database, m.name))) {
      found.push(`${objectId(statefulSet)}: needs an emptyDir at ${writable} (read-only root filesystem)`);
    }
  }
  return found;
}

/** The generated dev API keys file holds keys the app accepts at start-up. */
function devApiKeysViolations(objects: K8sObject[], pod: PodTemplate, configEnv: Record<string, string>): Violations {
  let config;
  try {
    config = effectiveConfig(configEnv);
  } catch {
    return []; // an invalid ConfigMap is reported by deployPolicyViolations
  }
  const file = config.API_KEYS_FILE;
  if (!file) return [`${pod.owner}: dev sets no API_KEYS_FILE`];
  const api = pod.spec.containers[0];
  const mount = api.volumeMounts?.find((m) => m.mountPath === path.posix.dirname(file));
  const secret = pod.spec.volumes?.find((v) => v.name === mount?.name)?.secret;
  const key = secret?.items?.find((item) => item.path === path.posix.basename(file))?.key ?? path.posix.basename(file);
  const content = secret && secretData(objects, secret.secretName ?? '')?.[key];
  if (content === undefined) return [`${pod.owner}: the API keys file ${file} has no generated Secret in dev`];
  try {
    return apiKeysFromFile(config, content).length > 0 ? [] : [`${pod.owner}: the dev API keys file holds no key`];
  } catch (error) {
    return [`${pod.owner}: the dev API keys file would stop the app at start-up: ${(error as Error).message}`];
  }
}
