import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object, as plain data. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy');

// kubectl 1.32 bundles kustomize v5.5; KUBECTL lets a machine point at another binary.
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/** `kubectl kustomize <dir>`: what `kubectl apply -k <dir>` would send to the API server. */
export function renderKustomization(dir: string): K8sObject[] {
  let out: string;
  try {
    out = execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `${KUBECTL} not found: the deploy tests need kubectl (1.27+) on PATH, or KUBECTL=/path/to/kubectl`,
        { cause: error },
      );
    }
    throw error;
  }
  return parseAllDocuments(out)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`kubectl kustomize ${dir}: ${doc.errors[0].message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((obj): obj is K8sObject => obj !== null);
}

/** The overlay names under <deployDir>/overlays (each is an environment). */
export function overlayNames(deployDir = DEPLOY_DIR): string[] {
  return readdirSync(path.join(deployDir, 'overlays'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function renderOverlay(name: string, deployDir = DEPLOY_DIR): K8sObject[] {
  return renderKustomization(path.join(deployDir, 'overlays', name));
}

export const objectId = (obj: K8sObject): string => `${obj.kind}/${obj.metadata.name}`;

export function findObject(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((obj) => obj.kind === kind && obj.metadata.name === name);
}

/** A throw-away copy of deploy/ that a test may edit (mutation tests), removed by `dispose`. */
export class DeployTreeCopy {
  readonly root: string;
  readonly deployDir: string;

  constructor(source = DEPLOY_DIR) {
    this.root = mkdtempSync(path.join(tmpdir(), 'deploy-tree-'));
    this.deployDir = path.join(this.root, 'deploy');
    cpSync(source, this.deployDir, { recursive: true });
  }

  /** Replaces text in one file; throws if it is not there, so a mutation can never silently do nothing. */
  edit(relativePath: string, search: string | RegExp, replacement: string | ((match: string) => string)): this {
    const file = path.join(this.deployDir, relativePath);
    const before = readFileSync(file, 'utf8');
    const after = before.replace(search, replacement as string);
    if (after === before) throw new Error(`mutation found nothing to change: ${String(search)} in ${relativePath}`);
    writeFileSync(file, after);
    return this;
  }

  write(relativePath: string, content: string): this {
    const file = path.join(this.deployDir, relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return this;
  }

  render(overlay: string): K8sObject[] {
    return renderOverlay(overlay, this.deployDir);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
