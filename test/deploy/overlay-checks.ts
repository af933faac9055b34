import {
  UnknownFieldFinder,
  apiSchemaErrors,
  customResourceSchemaErrors,
  isBuiltInKind,
  isModelledCustomResource,
} from './api-schema';
import { customResourceErrors, isKnownCustomResource } from './custom-resources';
import { deployPolicyViolations, devPolicyViolations, productionPolicyViolations } from './deploy-policy';
import { objectId, type K8sObject } from './manifest-tree';

/** The environment policies per overlay name: a new overlay must be given its own here. */
const ENVIRONMENT_POLICIES: Record<string, (objects: K8sObject[]) => string[]> = {
  dev: devPolicyViolations,
  prod: productionPolicyViolations,
};

export const KNOWN_ENVIRONMENTS = Object.keys(ENVIRONMENT_POLICIES).sort();

/** Schema findings: API schema errors, unknown fields, and custom-resource shape errors. */
export function schemaFindings(objects: K8sObject[], finder: UnknownFieldFinder): string[] {
  const modelled = objects.filter(isModelledCustomResource);
  const modelledErrors = new Map(customResourceSchemaErrors(modelled).map((errors, i) => [modelled[i], errors]));
  return objects.flatMap((obj) => {
    const id = objectId(obj);
    if (isBuiltInKind(obj) || isModelledCustomResource(obj)) {
      const errors = isBuiltInKind(obj) ? apiSchemaErrors(obj) : (modelledErrors.get(obj) ?? []);
      return [
        ...errors.map((e) => `${id}: schema: ${e}`),
        ...finder.unknownFields(obj).map((field) => `${id}: unknown field ${field}`),
      ];
    }
    if (isKnownCustomResource(obj)) return customResourceErrors(obj).map((e) => `${id}: ${e}`);
    return [`${id}: ${obj.apiVersion} ${obj.kind} is neither a known API kind nor a known custom resource`];
  });
}

/** Every finding for one rendered overlay: schemas first, then the shared and the environment's policies. */
export function overlayFindings(environment: string, objects: K8sObject[], finder: UnknownFieldFinder): string[] {
  const environmentPolicy = ENVIRONMENT_POLICIES[environment];
  if (!environmentPolicy) return [`overlay ${environment} has no environment policy in test/deploy/overlay-checks.ts`];
  return [...schemaFindings(objects, finder), ...deployPolicyViolations(objects), ...environmentPolicy(objects)];
}
