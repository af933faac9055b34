import { z } from 'zod';
import type { K8sObject } from './manifest-tree';

// The CRD kinds the manifests use are not in kubernetes-models. These shapes cover the fields we
// write, strictly (an unknown or misspelt field fails), after the operators' CRDs:
// Prometheus Operator monitoring.coreos.com/v1 and CloudNativePG postgresql.cnpg.io/v1.

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 name')
  .max(63);
const stringMap = z.record(z.string(), z.string());
const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'must be a Prometheus duration like 30s or 1h30m');
const quantity = z.string().regex(/^\d+(\.\d+)?([KMGTPE]i|[mkMGTPE])?$/, 'must be a Kubernetes quantity');

const metadata = z.strictObject({
  name: dnsLabel,
  namespace: dnsLabel,
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const labelSelector = z.strictObject({
  matchLabels: stringMap.optional(),
  matchExpressions: z
    .array(
      z.strictObject({
        key: z.string(),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

const serviceMonitor = z.strictObject({
  apiVersion: z.literal('monitoring.coreos.com/v1'),
  kind: z.literal('ServiceMonitor'),
  metadata,
  spec: z.strictObject({
    selector: labelSelector,
    jobLabel: z.string().optional(),
    namespaceSelector: z
      .strictObject({ any: z.boolean().optional(), matchNames: z.array(z.string()).optional() })
      .optional(),
    endpoints: z
      .array(
        z.strictObject({
          port: z.string().min(1), // a Service port *name*
          path: z.string().startsWith('/').optional(),
          scheme: z.enum(['http', 'https']).optional(),
          interval: duration.optional(),
          scrapeTimeout: duration.optional(),
          honorLabels: z.boolean().optional(),
        }),
      )
      .min(1),
  }),
});

const rule = z
  .strictObject({
    record: z.string().min(1).optional(),
    alert: z.string().min(1).optional(),
    expr: z.union([z.string().min(1), z.number()]),
    for: duration.optional(),
    keep_firing_for: duration.optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  })
  .refine((r) => (r.record === undefined) !== (r.alert === undefined), 'a rule has exactly one of record/alert')
  .refine((r) => r.record === undefined || (r.for === undefined && r.annotations === undefined), {
    message: 'a recording rule has no for/annotations',
  });

const prometheusRule = z.strictObject({
  apiVersion: z.literal('monitoring.coreos.com/v1'),
  kind: z.literal('PrometheusRule'),
  metadata,
  spec: z.strictObject({
    groups: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          interval: duration.optional(),
          limit: z.number().int().optional(),
          rules: z.array(rule).min(1),
        }),
      )
      .refine((groups) => new Set(groups.map((g) => g.name)).size === groups.length, 'group names must be unique'),
  }),
});

const resources = z.strictObject({
  requests: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
});

const cnpgCluster = z.strictObject({
  apiVersion: z.literal('postgresql.cnpg.io/v1'),
  kind: z.literal('Cluster'),
  metadata,
  spec: z.strictObject({
    instances: z.number().int().min(1),
    imageName: z
      .string()
      .regex(/^[^:@]+(:[\w][\w.-]*)?(@sha256:[a-f0-9]{64})?$/)
      .refine((image) => !image.endsWith(':latest') && /[:@]/.test(image.split('/').pop() ?? ''), {
        message: 'must be pinned by tag or digest, never :latest',
      })
      .optional(),
    primaryUpdateStrategy: z.enum(['unsupervised', 'supervised']).optional(),
    bootstrap: z
      .strictObject({
        initdb: z.strictObject({
          database: z.string().min(1),
          owner: z.string().min(1),
          secret: z.strictObject({ name: z.string() }).optional(),
        }),
      })
      .optional(),
    storage: z.strictObject({ size: quantity, storageClass: z.string().optional() }),
    resources: resources.optional(),
  }),
});

const CUSTOM_RESOURCE_SHAPES: Record<string, z.ZodType> = {
  'monitoring.coreos.com/v1/ServiceMonitor': serviceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': prometheusRule,
  'postgresql.cnpg.io/v1/Cluster': cnpgCluster,
};

export function isKnownCustomResource(obj: K8sObject): boolean {
  return `${obj.apiVersion}/${obj.kind}` in CUSTOM_RESOURCE_SHAPES;
}

/** Shape errors for one custom resource, each as `path: message` (empty when it fits). */
export function customResourceErrors(obj: K8sObject): string[] {
  const shape = CUSTOM_RESOURCE_SHAPES[`${obj.apiVersion}/${obj.kind}`];
  if (!shape) return [`no shape known for custom resource ${obj.apiVersion}/${obj.kind}`];
  const result = shape.safeParse(obj);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? ` ${issue.keys.join(', ')}` : '';
    return `${issue.path.join('.') || '(root)'}: ${issue.message}${keys}`;
  });
}
