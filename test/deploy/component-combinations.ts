import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DeployTreeCopy, renderKustomization, type K8sObject } from './manifest-tree';

/**
 * The overlay (or cluster layer) + opt-in component combinations deploy/README.md names; each is
 * rendered with `kubectl kustomize` and must pass the schemas, the environment's policies and the
 * components' own.
 */
export const COMPONENT_COMBINATIONS: ReadonlyArray<{ dir: string; environment: 'dev' | 'prod'; components: string[] }> =
  [
    { dir: 'overlays/prod', environment: 'prod', components: ['progressive-delivery'] },
    { dir: 'overlays/prod', environment: 'prod', components: ['istio'] },
    { dir: 'overlays/prod', environment: 'prod', components: ['progressive-delivery', 'istio'] },
    { dir: 'overlays/prod', environment: 'prod', components: ['progressive-delivery', 'istio', 'cloudnative-pg'] },
    { dir: 'overlays/dev', environment: 'dev', components: ['istio'] },
    { dir: 'clusters/prod-eu-west', environment: 'prod', components: ['progressive-delivery', 'istio'] },
    { dir: 'clusters/dev', environment: 'dev', components: ['istio'] },
  ];

/** Adds components to a kustomization in a copy of deploy/ (the way an operator opts in). */
export function withComponents(tree: DeployTreeCopy, dir: string, components: readonly string[]): DeployTreeCopy {
  const file = `${dir}/kustomization.yaml`;
  const lines = components.map((c) => `  - ../../components/${c}`).join('\n');
  const text = readFileSync(path.join(tree.deployDir, file), 'utf8');
  // Appended: a component that patches another's objects (istio's on the PreSync Job) comes after it.
  if (/^components:\n/m.test(text))
    return tree.edit(file, /^components:\n(?: {2}.*\n)*/m, (block) => `${block}${lines}\n`);
  return tree.write(file, `${text.trimEnd()}\n\ncomponents:\n${lines}\n`);
}

export function renderIn(tree: DeployTreeCopy, dir: string): K8sObject[] {
  return renderKustomization(path.join(tree.deployDir, dir));
}
