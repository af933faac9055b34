import { UnknownFieldFinder } from './api-schema';
import { renderIn, withComponents } from './component-combinations';
import { DeployTreeCopy } from './manifest-tree';
import { meshViolations } from './mesh-policy';
import { overlayFindings, schemaFindings } from './overlay-checks';

// deploy/components/istio: the mesh policies can fail. Each case breaks one thing in a copy of
// deploy/ with the component in the prod overlay (or a cluster layer) and expects the finding.

let finder: UnknownFieldFinder;
let tree: DeployTreeCopy;
beforeAll(() => {
  finder = new UnknownFieldFinder();
});
beforeEach(() => {
  tree = withComponents(new DeployTreeCopy(), 'overlays/prod', ['istio']);
});
afterEach(() => tree.dispose());

const render = () => renderIn(tree, 'overlays/prod');
const mesh = (file: string, from: string | RegExp, to: string) => tree.edit(`components/istio/${file}`, from, to);

it('passes unmutated in the copy', () => {
  expect(meshViolations(render())).toEqual([]);
});

it.each([
  {
    what: 'permissive mTLS',
    file: 'peerauthentication.yaml',
    from: 'mode: STRICT',
    to: 'mode: PERMISSIVE',
    finding: /no namespace-wide PeerAuthentication requires STRICT mutual TLS/,
  },
  {
    what: 'a route timeout longer than REQUEST_TIMEOUT_MS',
    file: 'virtualservice.yaml',
    from: /timeout: 10s\n {6}retries:\n {8}attempts: 0/,
    to: 'timeout: 30s\n      retries:\n        attempts: 0',
    finding: /route writes: timeout 30s must be set and at most REQUEST_TIMEOUT_MS \(10 s\)/,
  },
  {
    what: 'retries for writes',
    file: 'virtualservice.yaml',
    from: 'attempts: 0',
    to: 'attempts: 2\n        perTryTimeout: 3s\n        retryOn: reset',
    finding: /route writes: retries every method, not only idempotent methods/,
  },
  {
    what: 'POST among the retried methods',
    file: 'virtualservice.yaml',
    from: 'regex: ^(GET|HEAD)$',
    to: 'regex: ^(GET|HEAD|POST)$',
    finding: /route reads: retries GET, HEAD, POST, not only idempotent methods/,
  },
  {
    what: "retries of the app's own 503s",
    file: 'virtualservice.yaml',
    from: 'retryOn: connect-failure,refused-stream,reset',
    to: 'retryOn: connect-failure,5xx',
    finding: /route reads: retryOn connect-failure,5xx repeats requests the app answered/,
  },
  {
    what: "Istio's default retries left on for writes",
    file: 'virtualservice.yaml',
    from: /\n {6}retries:\n {8}attempts: 0/,
    to: '',
    finding: /route writes: retries must be explicit/,
  },
  {
    what: 'retries without a budget',
    file: 'destinationrule.yaml',
    from: / {4}connectionPool:\n(.*\n)*? {8}maxRetries: 10\n/,
    to: '',
    finding: /route reads: retries without a retry budget/,
  },
  {
    what: 'an outlier detection that may eject every replica',
    file: 'destinationrule.yaml',
    from: 'maxEjectionPercent: 50',
    to: 'maxEjectionPercent: 100',
    finding: /maxEjectionPercent above 50/,
  },
  {
    what: 'a caller the NetworkPolicy does not admit',
    file: 'authorizationpolicy.yaml',
    from: 'cluster.local/ns/monitoring/sa/prometheus',
    to: 'cluster.local/ns/tools/sa/debugger',
    finding: /AuthorizationPolicy admits namespace tools, which the NetworkPolicy blocks/,
  },
  {
    what: 'a proxy that quits before the app has drained',
    file: 'kustomization.yaml',
    from: "EXIT_ON_ZERO_ACTIVE_CONNECTIONS: 'true'",
    to: "EXIT_ON_ZERO_ACTIVE_CONNECTIONS: 'false'",
    finding: /the proxy must stay until the app's connections are done/,
  },
  {
    what: 'PostgreSQL captured by a proxy the init container runs before',
    file: 'kustomization.yaml',
    from: "value: '5432'",
    to: "value: '6379'",
    finding: /PostgreSQL \(5432\) must bypass it/,
  },
  {
    what: 'no egress to istiod',
    file: 'kustomization.yaml',
    from: '- port: 15012',
    to: '- port: 15010',
    finding: /no egress to istiod/,
  },
])('reports $what', ({ file, from, to, finding }) => {
  mesh(file, from, to);
  expect(meshViolations(render())).toContainEqual(expect.stringMatching(finding));
});

it('reports a sidecar left on the PreSync migration Job (cluster layer)', () => {
  const cluster = withComponents(new DeployTreeCopy(), 'clusters/prod-eu-west', ['istio']);
  try {
    expect(meshViolations(renderIn(cluster, 'clusters/prod-eu-west'))).toEqual([]);
    cluster.edit('components/istio/kustomization.yaml', "value: 'false'", "value: 'true'");
    expect(meshViolations(renderIn(cluster, 'clusters/prod-eu-west'))).toContainEqual(
      expect.stringMatching(/Job\/book-library-api-migrate: a sidecar would never let the Job complete/),
    );
  } finally {
    cluster.dispose();
  }
});

it('reports a misspelt Istio field and a wrong type (Istio schemas)', () => {
  mesh('virtualservice.yaml', 'perTryTimeout: 5s', 'perTryTimeOut: 5s');
  mesh('destinationrule.yaml', 'consecutive5xxErrors: 5', 'consecutive5xxErrors: five');
  const found = schemaFindings(render(), finder);
  expect(found).toContainEqual(
    expect.stringMatching(/^VirtualService\/book-library-api: unknown field spec\.http\[0\]\.retries\.perTryTimeOut$/),
  );
  expect(found).toContainEqual(
    expect.stringMatching(/^DestinationRule\/book-library-api: schema: .*consecutive5xxErrors/),
  );
});

it('reports mesh egress to another port on the NetworkPolicy (production policy)', () => {
  mesh('kustomization.yaml', 'kubernetes.io/metadata.name: istio-system', 'kubernetes.io/metadata.name: elsewhere');
  expect(overlayFindings('prod', render(), finder)).toContainEqual(
    expect.stringMatching(/egress to port 15012 is neither DNS nor PostgreSQL/),
  );
});
