import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { UnknownFieldFinder } from './api-schema';
import { DEPLOY_DIR, DeployTreeCopy, findObject, overlayNames, renderOverlay, type K8sObject } from './manifest-tree';
import { KNOWN_ENVIRONMENTS, overlayFindings, schemaFindings } from './overlay-checks';

// `kubectl kustomize` renders every overlay (what `kubectl apply -k` would send), and every rendered
// object is valid against its API schema, with no unknown field anywhere, and passes the policies.

let finder: UnknownFieldFinder;
beforeAll(() => {
  finder = new UnknownFieldFinder();
});

it('has exactly the overlays that have environment policies', () => {
  expect(overlayNames()).toEqual(KNOWN_ENVIRONMENTS);
});

it('generates Secrets only from committed *.example files, so no real secret is ever committed', () => {
  const sources = kustomizationFiles(DEPLOY_DIR).flatMap((file) => {
    const kustomization = parse(readFileSync(file, 'utf8')) as {
      secretGenerator?: { envs?: string[]; files?: string[]; literals?: string[] }[];
    };
    return (kustomization.secretGenerator ?? []).flatMap((generator) => {
      expect(generator.literals).toBeUndefined();
      return [...(generator.envs ?? []), ...(generator.files ?? [])].map((source) => source.replace(/^[^=]*=/, ''));
    });
  });
  expect(sources.length).toBeGreaterThan(0);
  for (const source of sources) expect(source).toMatch(/\.example$/);
});

describe.each(overlayNames())('overlay %s', (overlay) => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderOverlay(overlay);
  });

  it('renders a full stack', () => {
    const kinds = objects.map((o) => o.kind);
    for (const kind of ['Namespace', 'ServiceAccount', 'ConfigMap', 'Deployment', 'Service', 'Ingress']) {
      expect(kinds).toContain(kind);
    }
  });

  it('validates against the API schemas, with no unknown field, and passes every policy', () => {
    expect(overlayFindings(overlay, objects, finder)).toEqual([]);
  });

  it('gives the generated ConfigMap a content hash, so a config change rolls the pods', () => {
    const configMap = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('book-library-api-config-'),
    );
    expect(configMap?.metadata.name).toMatch(/^book-library-api-config-[a-z0-9]{10}$/);
    expect(JSON.stringify(findObject(objects, 'Deployment', 'book-library-api'))).toContain(configMap?.metadata.name);
  });
});

describe('overlay prod', () => {
  it('runs in namespace book-library with the image pinned by semver tag and digest', () => {
    const objects = renderOverlay('prod');
    const deployment = findObject(objects, 'Deployment', 'book-library-api') as K8sObject & {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(deployment.metadata.namespace).toBe('book-library');
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      `ghcr.io/OWNER/book-library-api:1.0.0@sha256:${'0'.repeat(64)}`,
    );
  });
});

describe('overlay dev', () => {
  it('runs in namespace book-library-dev with the in-cluster PostgreSQL', () => {
    const objects = renderOverlay('dev');
    expect(findObject(objects, 'Namespace', 'book-library-dev')).toBeDefined();
    expect(findObject(objects, 'StatefulSet', 'postgres')).toBeDefined();
  });
});

describe('component cloudnative-pg, enabled in prod as deploy/README.md says', () => {
  let tree: DeployTreeCopy;
  let objects: K8sObject[];
  beforeAll(() => {
    tree = new DeployTreeCopy().edit(
      'overlays/prod/kustomization.yaml',
      '  # - ../../components/cloudnative-pg',
      '  - ../../components/cloudnative-pg',
    );
    objects = tree.render('prod');
  });
  afterAll(() => tree.dispose());

  it('adds a valid CloudNativePG Cluster and still passes the production policies', () => {
    expect(findObject(objects, 'Cluster', 'book-library-db')?.metadata.namespace).toBe('book-library');
    expect(overlayFindings('prod', objects, finder)).toEqual([]);
  });

  it('points the migration and the API at the operator-generated connection URI', () => {
    const deployment = findObject(objects, 'Deployment', 'book-library-api') as K8sObject & {
      spec: { template: { spec: { initContainers: ContainerEnv[]; containers: ContainerEnv[] } } };
    };
    const { initContainers, containers } = deployment.spec.template.spec;
    for (const container of [...initContainers, ...containers]) {
      expect(container.env.filter((v) => v.name === 'DATABASE_URL')).toEqual([
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'book-library-db-app', key: 'uri' } } },
      ]);
    }
  });

  it('is rejected when the Cluster has a misspelt field', () => {
    tree.edit('components/cloudnative-pg/cluster.yaml', 'instances: 3', 'instance: 3');
    const findings = schemaFindings(tree.render('prod'), finder);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Cluster\/book-library-db: spec: Unrecognized key.*instance/),
        expect.stringMatching(/^Cluster\/book-library-db: spec\.instances: /),
      ]),
    );
    expect(findings.every((f) => f.startsWith('Cluster/book-library-db'))).toBe(true);
  });
});

interface ContainerEnv {
  env: { name: string; valueFrom?: unknown }[];
}

function kustomizationFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'kustomization.yaml')
    .map((file) => path.join(dir, file));
}
