// Validates Argo CD, Argo Rollouts and Istio objects with the @kubernetes-models CRD models, which are
// ESM only: run by node itself (test/deploy/api-schema.ts spawns it), not loaded into Jest.
// stdin: a JSON array of objects; stdout: a JSON array of error lists, one per object, in order.
import { readFileSync } from 'node:fs';

/** apiVersion/kind -> the module that exports the model class (named after the kind). */
const MODULES = {
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

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const obj of objects) {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const specifier = MODULES[key];
  if (!specifier) {
    results.push([`no CRD schema known for ${key}`]);
    continue;
  }
  const Model = (await import(specifier))[obj.kind];
  const { apiVersion: _a, kind: _k, ...data } = obj;
  try {
    new Model(data).validate();
    results.push([]);
  } catch (error) {
    results.push([error.message]);
  }
}
process.stdout.write(JSON.stringify(results));
