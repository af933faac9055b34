import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DeployTreeCopy, type K8sObject } from './manifest-tree';

/**
 * The overlay + opt-in component combinations deploy/README.md names; each is rendered with
 * `kubectl kustomize` and must pass the schemas and the overlay's policies plus the components' own.
 */
export const COMPONENT_COMBINATIONS: ReadonlyArray<{ overlay: 'dev' | 'prod'; components: string[] }> = [
  { overlay: 'prod', components: ['progressive-delivery'] },
  { overlay: 'prod', components: ['istio'] },
  { overlay: 'prod', components: ['progressive-delivery', 'istio'] },
  { overlay: 'prod', components: ['progressive-delivery', 'istio', 'cloudnative-pg'] },
  { overlay: 'dev', components: ['istio'] },
];

/** Adds components to an overlay in a copy of deploy/ (the way an operator opts in). */
export function withComponents(tree: DeployTreeCopy, overlay: string, components: readonly string[]): DeployTreeCopy {
  const file = `overlays/${overlay}/kustomization.yaml`;
  const lines = components.map((c) => `  - ../../components/${c}`).join('\n');
  const text = readFileSync(path.join(tree.deployDir, file), 'utf8');
  if (/^components:\n/m.test(text)) return tree.edit(file, /^components:\n/m, `components:\n${lines}\n`);
  return tree.write(file, `${text.trimEnd()}\n\ncomponents:\n${lines}\n`);
}

export function renderCombination(overlay: string, components: readonly string[]): K8sObject[] {
  const tree = withComponents(new DeployTreeCopy(), overlay, components);
  try {
    return tree.render(overlay);
  } finally {
    tree.dispose();
  }
}
