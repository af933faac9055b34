import { UnknownFieldFinder } from './api-schema';
import { DeployTreeCopy } from './manifest-tree';
import { overlayFindings } from './overlay-checks';

// Proof that the checks can fail: each case breaks one thing in a copy of deploy/, renders the
// overlay, and expects the finding that names it. A check that passes everything would fail here.

interface Mutation {
  name: string;
  overlay: 'dev' | 'prod';
  file: string;
  search: string | RegExp;
  replacement: string;
  finding: RegExp;
}

const mutations: Mutation[] = [
  {
    name: 'a readiness probe on a path the app does not serve',
    overlay: 'prod',
    file: 'base/deployment.yaml',
    search: 'path: /ready',
    replacement: 'path: /readyz',
    finding: /Deployment\/book-library-api: container api: readinessProbe path \/readyz is not served by the app/,
  },
  {
    name: 'a liveness probe on another port',
    overlay: 'dev',
    file: 'base/deployment.yaml',
    search: /livenessProbe:\n(\s+)httpGet:\n(\s+)path: \/health\n(\s+)port: http/,
    replacement: 'livenessProbe:\n$1httpGet:\n$2path: /health\n$3port: 9090',
    finding: /container api: livenessProbe port 9090 is not the app's port 8080/,
  },
  {
    name: 'runAsNonRoot dropped from the API pod',
    overlay: 'prod',
    file: 'base/deployment.yaml',
    search: /\n\s+runAsNonRoot: true/,
    replacement: '',
    finding: /Deployment\/book-library-api: initContainer migrate: runAsNonRoot must be true/,
  },
  {
    name: 'readinessProbe misspelt as readinesProbe',
    overlay: 'prod',
    file: 'base/deployment.yaml',
    search: 'readinessProbe:',
    replacement: 'readinesProbe:',
    finding: /Deployment\/book-library-api: unknown field spec\.template\.spec\.containers\[0\]\.readinesProbe/,
  },
  {
    name: 'a capability kept by the migration init container',
    overlay: 'dev',
    file: 'base/deployment.yaml',
    search: "drop: ['ALL']",
    replacement: "drop: ['NET_RAW']",
    finding: /initContainer migrate: capabilities\.drop must include ALL/,
  },
  {
    name: 'a writable root filesystem for the dev database',
    overlay: 'dev',
    file: 'overlays/dev/postgres.yaml',
    search: 'readOnlyRootFilesystem: true',
    replacement: 'readOnlyRootFilesystem: false',
    finding: /StatefulSet\/postgres: container postgres: readOnlyRootFilesystem must be true/,
  },
  {
    name: 'a grace period shorter than drain + shutdown timeout',
    overlay: 'prod',
    file: 'base/deployment.yaml',
    search: 'terminationGracePeriodSeconds: 30',
    replacement: 'terminationGracePeriodSeconds: 15',
    finding:
      /terminationGracePeriodSeconds 15 must exceed SHUTDOWN_DRAIN_MS \+ SHUTDOWN_TIMEOUT_MS \(5000 \+ 10000 ms\)/,
  },
  {
    name: 'a drain shorter than readiness takes to notice',
    overlay: 'prod',
    file: 'base/config.env',
    search: 'SHUTDOWN_DRAIN_MS=5000',
    replacement: 'SHUTDOWN_DRAIN_MS=3000',
    finding: /readinessProbe notices shutdown after up to 4000 ms, not within SHUTDOWN_DRAIN_MS 3000/,
  },
  {
    name: 'a ConfigMap key the app does not read',
    overlay: 'dev',
    file: 'base/config.env',
    search: 'LOG_FORMAT=json',
    replacement: 'LOG_FORMT=json',
    finding: /ConfigMap key LOG_FORMT is not a variable the app reads/,
  },
  {
    name: 'a ConfigMap value the app rejects at start-up',
    overlay: 'prod',
    file: 'base/config.env',
    search: 'PORT=8080',
    replacement: 'PORT=eighty',
    finding: /the ConfigMap would stop the app at start-up: .*PORT/,
  },
  {
    name: 'the API keys file not mounted into the migration init container',
    overlay: 'prod',
    file: 'base/deployment.yaml',
    search: /\n {12}- name: api-keys\n {14}mountPath: \/var\/run\/secrets\/book-library\n {14}readOnly: true/,
    replacement: '',
    finding:
      /initContainer migrate: API_KEYS_FILE \/var\/run\/secrets\/book-library\/api-keys is not provided by a mounted Secret/,
  },
  {
    name: 'a single minimum replica in prod',
    overlay: 'prod',
    file: 'overlays/prod/horizontalpodautoscaler.yaml',
    search: 'minReplicas: 2',
    replacement: 'minReplicas: 1',
    finding: /HorizontalPodAutoscaler\/book-library-api: minReplicas must be at least 2/,
  },
  {
    name: 'the :latest image in prod',
    overlay: 'prod',
    file: 'overlays/prod/kustomization.yaml',
    search: /newTag: 1\.0\.0\n\s+digest: .*/,
    replacement: 'newTag: latest',
    finding: /container api: image ghcr\.io\/OWNER\/book-library-api:latest uses :latest/,
  },
  {
    name: 'no PodDisruptionBudget in prod',
    overlay: 'prod',
    file: 'overlays/prod/kustomization.yaml',
    search: '  - poddisruptionbudget.yaml\n',
    replacement: '',
    finding: /no PodDisruptionBudget covers the Deployment\/book-library-api pods/,
  },
  {
    name: 'egress to HTTPS in prod',
    overlay: 'prod',
    file: 'overlays/prod/networkpolicy.yaml',
    search: 'port: 5432',
    replacement: 'port: 443',
    finding: /NetworkPolicy\/book-library-api: egress to port 443 is neither DNS nor PostgreSQL/,
  },
  {
    name: 'a misspelt ServiceMonitor field',
    overlay: 'prod',
    file: 'components/prometheus-operator/servicemonitor.yaml',
    search: 'endpoints:',
    replacement: 'endpoint:',
    finding: /ServiceMonitor\/book-library-api: spec: Unrecognized key.*endpoint/,
  },
  {
    name: 'a ServiceMonitor job the alert rules do not select',
    overlay: 'prod',
    file: 'components/prometheus-operator/servicemonitor.yaml',
    search: 'jobLabel: app.kubernetes.io/name',
    replacement: 'jobLabel: app.kubernetes.io/component',
    finding: /PrometheusRule\/book-library-api: selects job "book-library-api", but the ServiceMonitor's job is api/,
  },
  {
    name: 'a dev DATABASE_URL that does not match the dev database',
    overlay: 'dev',
    file: 'overlays/dev/postgres.env',
    search: 'POSTGRES_USER=booklib',
    replacement: 'POSTGRES_USER=someone-else',
    finding: /DATABASE_URL's user\/password\/database do not match StatefulSet\/postgres's POSTGRES_\* settings/,
  },
  {
    name: 'a dev DATABASE_URL without password for a database that wants one',
    overlay: 'dev',
    file: 'overlays/dev/postgres.env',
    search: 'POSTGRES_HOST_AUTH_METHOD=trust',
    replacement: 'POSTGRES_PASSWORD=not-in-the-url',
    finding: /DATABASE_URL's user\/password\/database do not match StatefulSet\/postgres's POSTGRES_\* settings/,
  },
  {
    name: 'a dev API key the app rejects',
    overlay: 'dev',
    file: 'overlays/dev/api-keys.example',
    search: 'dev-only-api-key-do-not-use-elsewhere',
    replacement: 'too-short',
    finding: /the dev API keys file would stop the app at start-up: .*API_KEYS_FILE key #1 must be at least 12/,
  },
  {
    name: 'an Ingress host left as the base placeholder',
    overlay: 'dev',
    file: 'overlays/dev/kustomization.yaml',
    search: 'value: book-library.localhost',
    replacement: 'value: overlay-sets-this-host.invalid',
    finding: /Ingress\/book-library-api: the overlay must set the host/,
  },
];

let finder: UnknownFieldFinder;
let tree: DeployTreeCopy;
beforeAll(() => {
  finder = new UnknownFieldFinder();
});
beforeEach(() => {
  tree = new DeployTreeCopy();
});
afterEach(() => tree.dispose());

it.each(['dev', 'prod'])(
  'passes unmutated in the copy (overlay %s), so each finding below comes from its mutation',
  (overlay) => {
    expect(overlayFindings(overlay, tree.render(overlay), finder)).toEqual([]);
  },
);

it.each(mutations)('reports $name', ({ overlay, file, search, replacement, finding }) => {
  tree.edit(file, search, replacement);
  const findings = overlayFindings(overlay, tree.render(overlay), finder);
  expect(findings).toContainEqual(expect.stringMatching(finding));
});
