// The committed workflows obey the pipeline policy (test/ci/workflow-policy.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  concurrencyViolations,
  deployTagViolations,
  deployTriggerViolations,
  deployedTags,
  loadWorkflows,
  nodeVersionViolations,
  permissionViolations,
  productionEnvironmentViolations,
  deployModeViolations,
  releaseTagRules,
  releaseViolations,
  swallowedFailures,
  unpinnedActions,
} from './workflow-policy';

const root = join(__dirname, '..', '..');
const workflows = loadWorkflows();
const nvmrc = readFileSync(join(root, '.nvmrc'), 'utf8');

describe('GitHub workflows', () => {
  it('has the five pipeline workflows', () => {
    expect([...workflows.keys()]).toEqual(
      expect.arrayContaining(['ci.yml', 'deploy.yml', 'e2e.yml', 'release.yml', 'security.yml']),
    );
  });

  it('pins every third-party action by commit SHA with a version comment', () => {
    expect(unpinnedActions(workflows)).toEqual([]);
  });

  it('never swallows a failure (|| true, continue-on-error, exit-code 0, ...)', () => {
    expect(swallowedFailures(workflows)).toEqual([]);
  });

  it('grants permissions per job on top of restrictive defaults', () => {
    expect(permissionViolations(workflows)).toEqual([]);
  });

  it('builds multi-platform images with SBOM, provenance, one tag source, a Trivy gate and a signature', () => {
    expect(releaseViolations(workflows)).toEqual([]);
  });

  it('deploys only image tags the release workflow builds', () => {
    const rules = releaseTagRules(workflows).map((r) => r.source);
    expect(rules).toEqual(expect.arrayContaining(['type=sha,format=long', 'type=semver,pattern={{version}}']));
    expect(deployedTags(workflows.get('deploy.yml')!).length).toBeGreaterThan(0);
    expect(deployTagViolations(workflows)).toEqual([]);
  });

  it('uses the Node version of .nvmrc everywhere', () => {
    expect(nodeVersionViolations(workflows, nvmrc)).toEqual([]);
  });

  it('deploys from exactly one trigger, the successful release', () => {
    expect(deployTriggerViolations(workflows)).toEqual([]);
  });

  it('deploys prod only from version tags behind the production environment', () => {
    expect(productionEnvironmentViolations(workflows)).toEqual([]);
  });

  it('either applies with kubectl (push mode) or promotes by commit (gitops mode), never both', () => {
    expect(deployModeViolations(workflows)).toEqual([]);
  });

  it('cancels superseded pull-request runs', () => {
    expect(concurrencyViolations(workflows)).toEqual([]);
  });
});
