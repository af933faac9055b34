import type { IContainer, IPodSpec } from 'kubernetes-models/v1';
import { objectId, type K8sObject } from './manifest-tree';

/** One pod template found in a workload, with its owner for messages. */
export interface PodTemplate {
  owner: string;
  object: K8sObject;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: IPodSpec;
}

export interface ContainerEntry {
  container: IContainer;
  /** "container api", "initContainer migrate", ... for messages. */
  label: string;
  init: boolean;
}

interface TemplateHolder {
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: IPodSpec };
  jobTemplate?: { spec?: TemplateHolder };
}

/** Every pod template in the tree: Deployments, StatefulSets, DaemonSets, Jobs, CronJobs. */
export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  const found: PodTemplate[] = [];
  for (const object of objects) {
    let holder = object.spec as TemplateHolder | undefined;
    if (object.kind === 'CronJob') holder = holder?.jobTemplate?.spec;
    if (!['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'].includes(object.kind)) continue;
    const template = holder?.template;
    if (!template?.spec) continue;
    found.push({
      owner: objectId(object),
      object,
      labels: template.metadata?.labels ?? {},
      annotations: template.metadata?.annotations ?? {},
      spec: template.spec,
    });
  }
  return found;
}

export function containersOf(spec: IPodSpec): ContainerEntry[] {
  return [
    ...(spec.initContainers ?? []).map((c) => ({ container: c, label: `initContainer ${c.name}`, init: true })),
    ...spec.containers.map((c) => ({ container: c, label: `container ${c.name}`, init: false })),
    ...(spec.ephemeralContainers ?? []).map((c) => ({
      container: c as IContainer,
      label: `ephemeralContainer ${c.name}`,
      init: false,
    })),
  ];
}

/** True when every matchLabels pair is among the labels (the selectors we write use matchLabels only). */
export function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string>,
): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}
