import { parse } from 'yaml';
import { effectiveConfig } from './app-contract';
import { objectId, type K8sObject } from './manifest-tree';
import { podTemplates, selects } from './pod-templates';
import { seconds } from './progressive-delivery-policy';

// The Istio component (deploy/components/istio): mTLS required, only the ingress gateway and
// Prometheus admitted, retries only where a repeat is safe and within a budget, timeouts within the
// app's own, outlier detection, and a pod shutdown that still drains through the sidecar.

type Violations = string[];

const IDEMPOTENT_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];
/** retryOn conditions that would repeat a request the app answered (its 503 + Retry-After included). */
const RESPONSE_RETRY = /(^|,)(5xx|gateway-error|retriable-status-codes|retriable-4xx)(,|$)/;

interface HttpRoute {
  name?: string;
  match?: { method?: { exact?: string; regex?: string } }[];
  timeout?: string;
  retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
}

/** The methods a route's matches admit, or undefined when one match admits every method. */
function methodsOf(route: HttpRoute): string[] | undefined {
  if (!route.match?.length) return undefined;
  const methods: string[] = [];
  for (const match of route.match) {
    if (!match.method) return undefined;
    if (match.method.exact) methods.push(match.method.exact);
    else if (match.method.regex) {
      const pattern = new RegExp(match.method.regex);
      methods.push(...['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'POST', 'PATCH'].filter((m) => pattern.test(m)));
    }
  }
  return methods;
}

export function meshViolations(objects: K8sObject[]): Violations {
  const found: Violations = [];
  const configMap = objects.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('book-library-api-config'),
  );
  const config = effectiveConfig((configMap?.data as Record<string, string> | undefined) ?? {});
  const requestTimeoutSeconds = config.REQUEST_TIMEOUT_MS / 1000;

  // mTLS: namespace-wide STRICT, no port let through in plaintext.
  const peer = objects.filter((o) => o.kind === 'PeerAuthentication');
  const strict = peer.filter((p) => {
    const peerSpec = p.spec as {
      selector?: object;
      mtls?: { mode?: string };
      portLevelMtls?: Record<string, { mode?: string }>;
    };
    return (
      !peerSpec.selector &&
      peerSpec.mtls?.mode === 'STRICT' &&
      Object.values(peerSpec.portLevelMtls ?? {}).every((port) => port.mode === 'STRICT')
    );
  });
  if (strict.length === 0) found.push('no namespace-wide PeerAuthentication requires STRICT mutual TLS');
  for (const p of peer) {
    if (!strict.includes(p)) found.push(`${objectId(p)}: lets plaintext through`);
  }

  // Who may call: exactly the namespaces the NetworkPolicy admits, by mTLS principal.
  const api = podTemplates(objects).find(
    (t) => t.object.kind === 'Deployment' && t.object.metadata.name === 'book-library-api',
  );
  if (!api) return [...found, 'no API Deployment'];
  const policies = objects.filter(
    (o) => o.kind === 'AuthorizationPolicy' && selects((o.spec as { selector?: object }).selector, api.labels),
  );
  if (policies.length === 0) found.push('no AuthorizationPolicy selects the API pods');
  const admitted = new Set<string>();
  for (const policy of policies) {
    const policySpec = policy.spec as {
      action?: string;
      rules?: { from?: { source?: { principals?: string[]; namespaces?: string[] } }[] }[];
    };
    if ((policySpec.action ?? 'ALLOW') !== 'ALLOW') continue;
    for (const rule of policySpec.rules ?? []) {
      const principals = (rule.from ?? []).flatMap((f) => f.source?.principals ?? []);
      if (!rule.from?.length || principals.length === 0 || principals.some((p) => p.includes('*'))) {
        found.push(`${objectId(policy)}: a rule admits callers that are not named workload identities`);
      }
      for (const principal of principals) admitted.add(/\/ns\/([^/]+)\//.exec(principal)?.[1] ?? principal);
    }
  }
  const networkPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'book-library-api');
  if (networkPolicy) {
    const npSpec = networkPolicy.spec as {
      ingress?: { from?: { namespaceSelector?: { matchLabels?: Record<string, string> } }[] }[];
      egress?: { to?: object[]; ports?: { port?: number }[] }[];
    };
    const allowed = new Set(
      (npSpec.ingress ?? []).flatMap((r) =>
        (r.from ?? []).map((f) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? '?'),
      ),
    );
    for (const ns of admitted) {
      if (!allowed.has(ns)) found.push(`AuthorizationPolicy admits namespace ${ns}, which the NetworkPolicy blocks`);
    }
    for (const ns of allowed) {
      if (!admitted.has(ns)) found.push(`the NetworkPolicy admits namespace ${ns}, which no AuthorizationPolicy names`);
    }
    // The sidecar needs istiod for its certificates and configuration.
    const toIstiod = (npSpec.egress ?? []).some(
      (r) => JSON.stringify(r.to ?? []).includes('istio-system') && (r.ports ?? []).some((p) => p.port === 15012),
    );
    if (!toIstiod) found.push(`${objectId(networkPolicy)}: no egress to istiod (istio-system, 15012) for the sidecar`);
  }

  // Routes: timeouts within the app's, retries only for idempotent methods, never on an answer.
  const budgets = objects.filter(
    (o) =>
      o.kind === 'DestinationRule' &&
      (o.spec as { trafficPolicy?: { connectionPool?: { http?: { maxRetries?: number } } } }).trafficPolicy
        ?.connectionPool?.http?.maxRetries !== undefined,
  );
  for (const service of objects.filter((o) => o.kind === 'VirtualService')) {
    for (const [index, route] of ((service.spec as { http?: HttpRoute[] }).http ?? []).entries()) {
      const where = `${objectId(service)} route ${route.name ?? index}`;
      const timeout = seconds(route.timeout);
      if (!route.timeout || timeout > requestTimeoutSeconds) {
        found.push(
          `${where}: timeout ${route.timeout ?? 'unset'} must be set and at most REQUEST_TIMEOUT_MS (${requestTimeoutSeconds} s)`,
        );
      }
      // Unset, Istio retries twice by default, whatever the method.
      const attempts = route.retries?.attempts;
      if (attempts === undefined) {
        found.push(`${where}: retries must be explicit (Istio's default retries every method)`);
        continue;
      }
      if (attempts === 0) continue;
      const methods = methodsOf(route);
      if (!methods || methods.some((m) => !IDEMPOTENT_METHODS.includes(m))) {
        found.push(`${where}: retries ${methods ? methods.join(', ') : 'every method'}, not only idempotent methods`);
      }
      if (RESPONSE_RETRY.test(route.retries?.retryOn ?? '')) {
        found.push(`${where}: retryOn ${route.retries?.retryOn} repeats requests the app answered`);
      }
      if (seconds(route.retries?.perTryTimeout) * (attempts + 1) > timeout) {
        found.push(
          `${where}: ${attempts + 1} tries of ${route.retries?.perTryTimeout} do not fit the ${route.timeout} timeout`,
        );
      }
      if (budgets.length === 0) found.push(`${where}: retries without a retry budget (DestinationRule maxRetries)`);
    }
  }

  // Outlier detection that never ejects every replica, over mTLS.
  const rules = objects.filter((o) => o.kind === 'DestinationRule');
  if (rules.length === 0) found.push('no DestinationRule for the API');
  for (const rule of rules) {
    const policy = (
      rule.spec as {
        trafficPolicy?: { tls?: { mode?: string }; outlierDetection?: { maxEjectionPercent?: number } };
      }
    ).trafficPolicy;
    if (!policy?.outlierDetection) found.push(`${objectId(rule)}: no outlier detection`);
    else if ((policy.outlierDetection.maxEjectionPercent ?? 10) > 50)
      found.push(`${objectId(rule)}: maxEjectionPercent above 50 could eject every replica`);
    if (policy?.tls?.mode !== 'ISTIO_MUTUAL') found.push(`${objectId(rule)}: tls mode must be ISTIO_MUTUAL`);
  }

  // The pod: sidecar held until the app exits; the migrate init container reaches PostgreSQL directly.
  const annotations = api.annotations;
  if (api.labels['sidecar.istio.io/inject'] !== 'true') found.push(`${api.owner}: the sidecar is not injected`);
  const proxyConfig = (parse(annotations['proxy.istio.io/config'] ?? '') ?? {}) as {
    holdApplicationUntilProxyStarts?: boolean;
    terminationDrainDuration?: string;
    proxyMetadata?: Record<string, string>;
  };
  if (proxyConfig.holdApplicationUntilProxyStarts !== true) {
    found.push(`${api.owner}: the app must start after its proxy (holdApplicationUntilProxyStarts)`);
  }
  if (proxyConfig.proxyMetadata?.EXIT_ON_ZERO_ACTIVE_CONNECTIONS !== 'true') {
    found.push(
      `${api.owner}: the proxy must stay until the app's connections are done (EXIT_ON_ZERO_ACTIVE_CONNECTIONS)`,
    );
  }
  const grace = api.spec.terminationGracePeriodSeconds ?? 30;
  if (proxyConfig.terminationDrainDuration !== undefined) {
    const drain = seconds(proxyConfig.terminationDrainDuration);
    if (drain * 1000 < config.SHUTDOWN_DRAIN_MS + config.SHUTDOWN_TIMEOUT_MS || drain >= grace) {
      found.push(
        `${api.owner}: terminationDrainDuration must cover the app's drain and shutdown, within the grace period`,
      );
    }
  }
  if (api.spec.initContainers?.length) {
    const excluded = (annotations['traffic.sidecar.istio.io/excludeOutboundPorts'] ?? '').split(',');
    if (!excluded.includes('5432')) {
      found.push(`${api.owner}: the migrate init container runs before the sidecar: PostgreSQL (5432) must bypass it`);
    }
  }
  for (const job of podTemplates(objects).filter((t) => t.object.kind === 'Job')) {
    if (job.labels['sidecar.istio.io/inject'] !== 'false')
      found.push(`${job.owner}: a sidecar would never let the Job complete`);
  }
  return found;
}
