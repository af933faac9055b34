import path from 'node:path';
import { UnknownFieldFinder } from './api-schema';
import { COMPONENT_COMBINATIONS, renderIn, withComponents } from './component-combinations';
import {
  appProjectViolations,
  applicationSetViolations,
  clusterEnvironment,
  clusterNames,
  presyncMigrationViolations,
  renderCluster,
} from './gitops-policy';
import { DEPLOY_DIR, DeployTreeCopy, renderKustomization, type K8sObject } from './manifest-tree';
import { overlayFindings, schemaFindings } from './overlay-checks';

// GitOps: deploy/argocd (AppProject + ApplicationSet, validated by @kubernetes-models/argo-cd) and
// the per-cluster layers deploy/clusters/<cluster> it syncs, each a full overlay that must pass the
// same schemas and environment policies as the overlay it builds on, plus the PreSync migration.

let finder: UnknownFieldFinder;
beforeAll(() => {
  finder = new UnknownFieldFinder();
});

const renderArgocd = (deployDir = DEPLOY_DIR) => renderKustomization(path.join(deployDir, 'argocd'));

/** Every tree Argo CD syncs: each cluster layer. */
const syncedTrees = (deployDir = DEPLOY_DIR) => clusterNames(deployDir).map((name) => renderCluster(name, deployDir));

describe('deploy/argocd', () => {
  let argocd: K8sObject[];
  beforeAll(() => {
    argocd = renderArgocd();
  });

  it('renders an AppProject and an ApplicationSet, valid against the Argo CD schemas', () => {
    expect(argocd.map((o) => o.kind).sort()).toEqual(['AppProject', 'ApplicationSet']);
    expect(argocd.every((o) => o.metadata.namespace === 'argocd')).toBe(true);
    expect(schemaFindings(argocd, finder)).toEqual([]);
  });

  it('limits the project to the namespaces and kinds the synced trees contain, with any documented component', () => {
    const withComponentsOn = COMPONENT_COMBINATIONS.map(({ dir, components }) => {
      const tree = withComponents(new DeployTreeCopy(), dir, components);
      try {
        return renderIn(tree, dir);
      } finally {
        tree.dispose();
      }
    });
    expect(appProjectViolations(argocd, [...syncedTrees(), ...withComponentsOn])).toEqual([]);
  });

  it('generates one Application per labelled cluster; dev syncs itself with prune and self-heal, prod only by hand', () => {
    expect(applicationSetViolations(argocd)).toEqual([]);
  });
});

describe.each(clusterNames())('cluster layer %s', (cluster) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderCluster(cluster);
  });

  it('passes the schemas and the policies of the environment it builds on', () => {
    expect(overlayFindings(clusterEnvironment(objects), objects, finder)).toEqual([]);
  });

  it('migrates in a PreSync hook Job that runs what the API pod would', () => {
    expect(presyncMigrationViolations(objects)).toEqual([]);
  });
});

describe('the GitOps checks fail on a broken tree', () => {
  let tree: DeployTreeCopy;
  beforeEach(() => {
    tree = new DeployTreeCopy();
  });
  afterEach(() => tree.dispose());

  it('passes unmutated in the copy', () => {
    expect(appProjectViolations(renderArgocd(tree.deployDir), syncedTrees(tree.deployDir))).toEqual([]);
    expect(applicationSetViolations(renderArgocd(tree.deployDir))).toEqual([]);
  });

  it('reports a kind the project does not allow', () => {
    tree.edit('argocd/appproject.yaml', '    - { group: batch, kind: Job }\n', '');
    expect(appProjectViolations(renderArgocd(tree.deployDir), syncedTrees(tree.deployDir))).toContainEqual(
      expect.stringMatching(/AppProject\/book-library: namespaceResourceWhitelist lacks batch\/Job/),
    );
  });

  it('reports a project open to every namespace', () => {
    tree.edit('argocd/appproject.yaml', 'namespace: book-library-dev', "namespace: '*'");
    const found = appProjectViolations(renderArgocd(tree.deployDir), syncedTrees(tree.deployDir));
    expect(found).toContainEqual(expect.stringMatching(/destinations must name the app's namespaces/));
    expect(found).toContainEqual(expect.stringMatching(/no destination for namespace book-library-dev/));
  });

  it('reports automated sync reaching prod', () => {
    tree.edit(
      'argocd/applicationset.yaml',
      '(index .metadata.labels "env") "dev" }}',
      '(index .metadata.labels "env") "prod" }}',
    );
    expect(applicationSetViolations(renderArgocd(tree.deployDir))).toContainEqual(
      expect.stringMatching(/automated sync must be patched in for env=dev only/),
    );
  });

  it('reports dev syncing without self-heal', () => {
    tree.edit('argocd/applicationset.yaml', 'selfHeal: true', 'selfHeal: false');
    expect(applicationSetViolations(renderArgocd(tree.deployDir))).toContainEqual(
      expect.stringMatching(/must prune and self-heal/),
    );
  });

  it('reports a misspelt ApplicationSet field and a wrong type in the AppProject (schemas)', () => {
    tree.edit('argocd/applicationset.yaml', 'goTemplateOptions:', 'goTemplateOption:');
    tree.edit('argocd/appproject.yaml', 'warn: true', 'warn: yes-please');
    const found = schemaFindings(renderArgocd(tree.deployDir), finder);
    expect(found).toContainEqual(
      expect.stringMatching(/^ApplicationSet\/book-library: unknown field spec\.goTemplateOption$/),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^AppProject\/book-library: schema: .*orphanedResources\/warn must be boolean/),
    );
  });

  it('reports a migration that is not a PreSync hook', () => {
    tree.edit('components/argocd-presync-migration/migration-job.yaml', 'hook: PreSync', 'hook: PostSync');
    expect(presyncMigrationViolations(renderCluster('prod-eu-west', tree.deployDir))).toEqual([
      'expected one PreSync hook Job, found 0',
    ]);
  });

  it('reports a migration Job left with the unpinned image (the layer stopped copying the overlay’s)', () => {
    tree.edit('clusters/prod-eu-west/kustomization.yaml', /\nreplacements:[\s\S]*$/, '\n');
    expect(presyncMigrationViolations(renderCluster('prod-eu-west', tree.deployDir))).toContainEqual(
      expect.stringMatching(/Job\/book-library-api-migrate: image book-library-api is not the API's ghcr\.io/),
    );
  });
});
