import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATE_COMMAND } from './app-contract';
import { DEPLOY_DIR, objectId, renderKustomization, type K8sObject } from './manifest-tree';
import { podTemplates } from './pod-templates';

// Policies of the GitOps side: deploy/argocd (AppProject + ApplicationSet) and the per-cluster
// layers deploy/clusters/<Argo CD cluster name> that the ApplicationSet syncs.

type Violations = string[];

/** The per-cluster layers, each named after its Argo CD cluster. */
export function clusterNames(deployDir = DEPLOY_DIR): string[] {
  return readdirSync(path.join(deployDir, 'clusters'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The environment a cluster layer builds on (its overlay): `../../overlays/<env>`. */
export function clusterEnvironment(objects: K8sObject[]): string {
  const namespace = objects.find((o) => o.kind === 'Namespace')?.metadata.name;
  return namespace === 'book-library' ? 'prod' : 'dev';
}

export function renderCluster(name: string, deployDir = DEPLOY_DIR): K8sObject[] {
  return renderKustomization(path.join(deployDir, 'clusters', name));
}

interface Container {
  image?: string;
  command?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name?: string; key?: string } } }[];
}

/** A cluster synced by Argo CD migrates in a PreSync hook Job that runs what the API pod would run. */
export function presyncMigrationViolations(objects: K8sObject[]): Violations {
  const jobs = objects.filter(
    (o) => o.kind === 'Job' && o.metadata.annotations?.['argocd.argoproj.io/hook'] === 'PreSync',
  );
  if (jobs.length !== 1) return [`expected one PreSync hook Job, found ${jobs.length}`];
  const [job] = jobs;
  const found: Violations = [];
  const id = objectId(job);
  if (!(job.metadata.annotations?.['argocd.argoproj.io/hook-delete-policy'] ?? '').includes('BeforeHookCreation')) {
    found.push(`${id}: hook-delete-policy must include BeforeHookCreation, or the next sync cannot create it`);
  }
  const jobSpec = job.spec as { backoffLimit?: number; activeDeadlineSeconds?: number };
  if (jobSpec.activeDeadlineSeconds === undefined) found.push(`${id}: activeDeadlineSeconds must bound the migration`);
  const templates = podTemplates(objects);
  const jobPod = templates.find((t) => t.object === job);
  const apiPod = templates.find((t) => t.object.kind === 'Deployment' && t.object.metadata.name === 'book-library-api');
  if (!jobPod || !apiPod) return [...found, `${id}: no pod template, or no API Deployment to compare with`];
  const migrate = jobPod.spec.containers[0] as Container;
  const api = apiPod.spec.containers[0] as Container;
  if (JSON.stringify(migrate.command) !== JSON.stringify(MIGRATE_COMMAND)) {
    found.push(`${id}: must run ${MIGRATE_COMMAND.join(' ')}`);
  }
  if (migrate.image !== api.image) found.push(`${id}: image ${migrate.image} is not the API's ${api.image}`);
  const databaseUrl = (c: Container) =>
    JSON.stringify(c.env?.find((v) => v.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef ?? null);
  if (databaseUrl(migrate) !== databaseUrl(api)) found.push(`${id}: DATABASE_URL is not the API's`);
  if (jobPod.spec.restartPolicy !== 'Never')
    found.push(`${id}: restartPolicy must be Never (retries are backoffLimit's)`);
  return found;
}

interface AppProjectSpec {
  sourceRepos?: string[];
  destinations?: { name?: string; server?: string; namespace?: string }[];
  clusterResourceWhitelist?: { group: string; kind: string }[];
  namespaceResourceWhitelist?: { group: string; kind: string }[];
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/**
 * The AppProject admits exactly what the synced trees contain: their namespaces as destinations,
 * their kinds in the whitelists (a kind a sync needs but the project lacks fails the sync).
 */
export function appProjectViolations(argocd: K8sObject[], synced: K8sObject[][]): Violations {
  const project = argocd.find((o) => o.kind === 'AppProject');
  if (!project) return ['no AppProject'];
  const id = objectId(project);
  const projectSpec = project.spec as AppProjectSpec;
  const found: Violations = [];
  const namespaced = new Set((projectSpec.namespaceResourceWhitelist ?? []).map((r) => `${r.group}/${r.kind}`));
  const clusterScoped = new Set((projectSpec.clusterResourceWhitelist ?? []).map((r) => `${r.group}/${r.kind}`));
  const destinations = new Set((projectSpec.destinations ?? []).map((d) => d.namespace));
  if (destinations.has('*')) found.push(`${id}: destinations must name the app's namespaces, not *`);
  if (clusterScoped.has('*/*') || namespaced.has('*/*')) found.push(`${id}: whitelists must name kinds, not */*`);
  for (const objects of synced) {
    for (const obj of objects) {
      const key = `${groupOf(obj.apiVersion)}/${obj.kind}`;
      if (obj.kind === 'Namespace') {
        if (!clusterScoped.has(key)) found.push(`${id}: clusterResourceWhitelist lacks ${key}`);
        if (!destinations.has(obj.metadata.name))
          found.push(`${id}: no destination for namespace ${obj.metadata.name}`);
      } else if (!namespaced.has(key)) {
        found.push(`${id}: namespaceResourceWhitelist lacks ${key} (${objectId(obj)})`);
      }
    }
  }
  if ((projectSpec.sourceRepos ?? []).some((repo) => repo === '*')) found.push(`${id}: sourceRepos must not be *`);
  return [...new Set(found)];
}

interface ApplicationSetSpec {
  goTemplate?: boolean;
  generators?: { clusters?: { selector?: { matchLabels?: Record<string, string> } } }[];
  template?: {
    spec?: {
      project?: string;
      source?: { repoURL?: string; path?: string; targetRevision?: string };
      syncPolicy?: { automated?: object };
    };
  };
  templatePatch?: string;
}

/**
 * One Application per labelled cluster from deploy/clusters/<name>; dev syncs itself with prune and
 * self-heal (only through the templatePatch guarded by env=dev), prod never syncs automatically.
 */
export function applicationSetViolations(argocd: K8sObject[]): Violations {
  const project = argocd.find((o) => o.kind === 'AppProject');
  const sets = argocd.filter((o) => o.kind === 'ApplicationSet');
  if (sets.length !== 1) return [`expected one ApplicationSet, found ${sets.length}`];
  const [set] = sets;
  const id = objectId(set);
  const setSpec = set.spec as ApplicationSetSpec;
  const found: Violations = [];
  const template = setSpec.template?.spec;
  if (!setSpec.generators?.some((g) => g.clusters?.selector?.matchLabels)) {
    found.push(`${id}: must generate from clusters selected by label`);
  }
  if (template?.source?.path !== 'deploy/clusters/{{.name}}') {
    found.push(`${id}: source path ${template?.source?.path} is not deploy/clusters/{{.name}}`);
  }
  if (template?.project !== project?.metadata.name) found.push(`${id}: project is not the AppProject`);
  if (!(project?.spec as AppProjectSpec | undefined)?.sourceRepos?.includes(template?.source?.repoURL ?? '')) {
    found.push(`${id}: repoURL ${template?.source?.repoURL} is not in the AppProject's sourceRepos`);
  }
  if (template?.syncPolicy?.automated) found.push(`${id}: automated sync in the template applies to prod too`);
  const patch = setSpec.templatePatch ?? '';
  const devGuard = /\{\{-?\s*if eq \(index \.metadata\.labels "env"\) "dev"\s*\}\}/.exec(patch);
  const automatedAt = patch.indexOf('automated:');
  const endAt = patch.indexOf('{{- end }}');
  if (!devGuard || automatedAt < devGuard.index || automatedAt > endAt) {
    found.push(`${id}: automated sync must be patched in for env=dev only`);
  } else if (!/prune: true/.test(patch) || !/selfHeal: true/.test(patch)) {
    found.push(`${id}: dev's automated sync must prune and self-heal`);
  }
  return found;
}
