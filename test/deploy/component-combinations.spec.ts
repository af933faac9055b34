import { UnknownFieldFinder } from './api-schema';
import { COMPONENT_COMBINATIONS, renderIn, withComponents } from './component-combinations';
import { presyncMigrationViolations } from './gitops-policy';
import { DeployTreeCopy, type K8sObject } from './manifest-tree';
import { meshViolations } from './mesh-policy';
import { overlayFindings } from './overlay-checks';
import { progressiveDeliveryViolations } from './progressive-delivery-policy';

// Every combination deploy/README.md names renders and passes the schemas (core, Prometheus
// Operator, CloudNativePG, Argo Rollouts, Istio), its environment's policies and each component's.

let finder: UnknownFieldFinder;
beforeAll(() => {
  finder = new UnknownFieldFinder();
});

describe.each(COMPONENT_COMBINATIONS.map((c) => [`${c.dir} + ${c.components.join(' + ')}`, c] as const))(
  '%s',
  (_name, { dir, environment, components }) => {
    let objects: K8sObject[];
    beforeAll(() => {
      const tree = withComponents(new DeployTreeCopy(), dir, components);
      objects = renderIn(tree, dir);
      tree.dispose();
    });

    it('passes the schemas and the environment policies', () => {
      expect(overlayFindings(environment, objects, finder)).toEqual([]);
    });

    it("passes each component's own policies", () => {
      const found = [
        ...(components.includes('progressive-delivery') ? progressiveDeliveryViolations(objects) : []),
        ...(components.includes('istio') ? meshViolations(objects) : []),
        ...(dir.startsWith('clusters/') ? presyncMigrationViolations(objects) : []),
      ];
      expect(found).toEqual([]);
    });
  },
);
