import { spawnSync } from 'node:child_process';
import path from 'node:path';
import ts from 'typescript';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { K8sObject } from './manifest-tree';

// Validation of rendered objects against the Kubernetes API schemas, in two parts:
// 1. kubernetes-models' generated validators (types, enums, required fields). They accept unknown
//    fields, as the API server's non-strict decoding would, silently dropping a typo like readinesProbe.
// 2. findUnknownFields: walks each object along kubernetes-models' TypeScript declarations (read with
//    the TypeScript compiler) and reports every field the API type does not have, at any depth.

interface ModelClass {
  new (data: object): { validate(): void };
}

/** The built-in kinds the manifests may use: a kind missing here fails validation instead of skipping it. */
const BUILT_IN_MODELS: Record<string, { module: string; model: ModelClass }> = {
  'v1/ConfigMap': { module: 'v1/ConfigMap', model: ConfigMap },
  'v1/Namespace': { module: 'v1/Namespace', model: Namespace },
  'v1/Secret': { module: 'v1/Secret', model: Secret },
  'v1/Service': { module: 'v1/Service', model: Service },
  'v1/ServiceAccount': { module: 'v1/ServiceAccount', model: ServiceAccount },
  'apps/v1/Deployment': { module: 'apps/v1/Deployment', model: Deployment },
  'apps/v1/StatefulSet': { module: 'apps/v1/StatefulSet', model: StatefulSet },
  'batch/v1/Job': { module: 'batch/v1/Job', model: Job },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    module: 'autoscaling/v2/HorizontalPodAutoscaler',
    model: HorizontalPodAutoscaler,
  },
  'networking.k8s.io/v1/Ingress': { module: 'networking.k8s.io/v1/Ingress', model: Ingress },
  'networking.k8s.io/v1/NetworkPolicy': { module: 'networking.k8s.io/v1/NetworkPolicy', model: NetworkPolicy },
  'policy/v1/PodDisruptionBudget': { module: 'policy/v1/PodDisruptionBudget', model: PodDisruptionBudget },
};

/**
 * Custom resources with published models (Argo CD, Argo Rollouts, Istio): their validators are ESM
 * only, so test/deploy/crd-schema-validate.mjs runs them in node; their declarations join the
 * unknown-field walk below. The module lists must match.
 */
const CRD_MODULES: Record<string, string> = {
  'argoproj.io/v1alpha1/AppProject': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject',
  'argoproj.io/v1alpha1/Application': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application',
  'argoproj.io/v1alpha1/ApplicationSet': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet',
  'argoproj.io/v1alpha1/Rollout': '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout',
  'argoproj.io/v1alpha1/AnalysisTemplate': '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate',
  'networking.istio.io/v1/VirtualService': '@kubernetes-models/istio/networking.istio.io/v1/VirtualService',
  'networking.istio.io/v1/DestinationRule': '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule',
  'security.istio.io/v1/PeerAuthentication': '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication',
  'security.istio.io/v1/AuthorizationPolicy': '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy',
};
const CRD_VALIDATOR = path.join(__dirname, 'crd-schema-validate.mjs');

const typeKey = (obj: Pick<K8sObject, 'apiVersion' | 'kind'>): string => `${obj.apiVersion}/${obj.kind}`;

export function isModelledCustomResource(obj: K8sObject): boolean {
  return typeKey(obj) in CRD_MODULES;
}

/** Validator errors per object (same order) for modelled custom resources, from one node process. */
export function customResourceSchemaErrors(objects: readonly K8sObject[]): string[][] {
  if (objects.length === 0) return [];
  const run = spawnSync(process.execPath, [CRD_VALIDATOR], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`crd-schema-validate.mjs failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[][];
}

export function isBuiltInKind(obj: K8sObject): boolean {
  return typeKey(obj) in BUILT_IN_MODELS;
}

const isStringMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');

/** Errors from the kubernetes-models validator for one built-in object (empty when valid). */
export function apiSchemaErrors(obj: K8sObject): string[] {
  const entry = BUILT_IN_MODELS[typeKey(obj)];
  if (!entry) return [`no API schema known for ${typeKey(obj)}`];
  const { apiVersion: _apiVersion, kind: _kind, ...data } = obj;
  if (obj.kind === 'Secret' && isStringMap(data.data)) {
    // kustomize wraps long base64 values over lines; the API server's decoder ignores line breaks.
    data.data = Object.fromEntries(Object.entries(data.data).map(([k, v]) => [k, v.replace(/\n/g, '')]));
  }
  try {
    new entry.model(data).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** Reads kubernetes-models' type declarations once; `unknownFields` then walks objects along them. */
export class UnknownFieldFinder {
  private readonly checker: ts.TypeChecker;
  private readonly rootTypes = new Map<string, ts.Type>();

  constructor() {
    const modelsDir = path.dirname(require.resolve('kubernetes-models/package.json'));
    const entryFile = path.join(modelsDir, '__deploy_test_kinds__.ts');
    const keys = [...Object.keys(BUILT_IN_MODELS), ...Object.keys(CRD_MODULES)];
    const entrySource = keys
      .map((key, i) => {
        const kind = key.slice(key.lastIndexOf('/') + 1);
        const from = BUILT_IN_MODELS[key] ? `./${BUILT_IN_MODELS[key].module}` : CRD_MODULES[key];
        return `import type { I${kind} as T${i} } from '${from}';\nexport type K${i} = T${i};`;
      })
      .join('\n');

    const options: ts.CompilerOptions = {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      types: [],
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (file, language, ...rest) =>
      file === entryFile
        ? ts.createSourceFile(file, entrySource, language)
        : getSourceFile.call(host, file, language, ...rest);
    host.fileExists = (file) => file === entryFile || fileExists.call(host, file);
    host.readFile = (file) => (file === entryFile ? entrySource : readFile.call(host, file));

    const program = ts.createProgram([entryFile], options, host);
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(entryFile);
    if (!source) throw new Error('could not load the kubernetes-models declarations');
    for (const statement of source.statements) {
      if (!ts.isTypeAliasDeclaration(statement)) continue;
      const index = Number(statement.name.text.slice(1));
      const type = this.checker.getTypeAtLocation(statement.name);
      if (this.checker.getPropertiesOfType(type).length === 0) {
        throw new Error(`kubernetes-models has no declaration for ${keys[index]}`);
      }
      this.rootTypes.set(keys[index], type);
    }
  }

  /** Paths (like `spec.template.spec.containers[0].readinesProbe`) of fields the API type lacks. */
  unknownFields(obj: K8sObject): string[] {
    const type = this.rootTypes.get(typeKey(obj));
    if (!type) return [`(no API type known for ${typeKey(obj)})`];
    const found: string[] = [];
    this.walk(obj, type, '', found);
    return found;
  }

  private walk(value: unknown, declared: ts.Type, at: string, found: string[]): void {
    if (value === null || typeof value !== 'object') return; // scalars: the schema validator's job
    const type = this.checker.getNonNullableType(declared);

    if (Array.isArray(value)) {
      const element = this.elementType(type);
      if (element) value.forEach((item, i) => this.walk(item, element, `${at}[${i}]`, found));
      return;
    }

    const objectType = (type.isUnion() ? type.types : [type]).find(
      (t) => (t.flags & ts.TypeFlags.Object) !== 0 && !this.checker.isArrayType(t),
    );
    if (!objectType) return; // declared as any / int-or-string etc.: nothing to check field by field
    const properties = new Map(this.checker.getPropertiesOfType(objectType).map((p) => [p.name, p]));
    const indexInfo = this.checker.getIndexInfoOfType(objectType, ts.IndexKind.String);

    for (const [field, child] of Object.entries(value)) {
      const fieldPath = at === '' ? field : `${at}.${field}`;
      const property = properties.get(field);
      if (property) this.walk(child, this.checker.getTypeOfSymbol(property), fieldPath, found);
      else if (indexInfo)
        this.walk(child, indexInfo.type, fieldPath, found); // maps: labels, limits, data
      else found.push(fieldPath);
    }
  }

  private elementType(type: ts.Type): ts.Type | undefined {
    const arrayType = (type.isUnion() ? type.types : [type]).find((t) => this.checker.isArrayType(t));
    return arrayType ? this.checker.getTypeArguments(arrayType as ts.TypeReference)[0] : undefined;
  }
}
