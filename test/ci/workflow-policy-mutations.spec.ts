// Mutation tests: each policy check must turn red when the workflows are altered the way the old
// pipeline was broken. Every mutation is a text edit of the committed file, re-parsed.
import {
  deployTagViolations,
  deployTriggerViolations,
  loadWorkflows,
  nodeVersionViolations,
  permissionViolations,
  productionEnvironmentViolations,
  deployModeViolations,
  releaseViolations,
  swallowedFailures,
  unpinnedActions,
  withFile,
  type WorkflowSet,
} from './workflow-policy';

const workflows = loadWorkflows();

/** The set with `from` replaced by `to` in one file; fails loudly if `from` is not there. */
function mutate(file: string, from: string | RegExp, to: string, set: WorkflowSet = workflows): WorkflowSet {
  const original = set.get(file);
  if (!original) throw new Error(`${file} not found`);
  const text = original.text.replace(from, to);
  if (text === original.text) throw new Error(`mutation did not apply to ${file}: ${String(from)}`);
  return withFile(set, file, text);
}

describe('workflow policy mutations', () => {
  describe('swallowed failures', () => {
    it('catches `|| true` after the gitleaks scan', () => {
      const mutated = mutate(
        'security.yml',
        '--report-format sarif --report-path /repo/gitleaks.sarif',
        '--report-format sarif --report-path /repo/gitleaks.sarif || true',
      );
      expect(swallowedFailures(workflows)).toEqual([]);
      expect(swallowedFailures(mutated)).toEqual([
        expect.stringMatching(/security\.yml jobs\.gitleaks\.steps\[1\].*\|\| true/),
      ]);
    });

    it('catches `|| :` after the CodeQL SARIF gate', () => {
      // Quoted: a plain YAML scalar cannot end in ` :`.
      const mutated = mutate(
        'security.yml',
        'run: .github/scripts/sarif-gate.sh "$RUNNER_TEMP/codeql-sarif" 7.0',
        `run: '.github/scripts/sarif-gate.sh "$RUNNER_TEMP/codeql-sarif" 7.0 || :'`,
      );
      expect(swallowedFailures(mutated)).toEqual([expect.stringContaining('jobs.codeql')]);
    });

    it("catches exit-code: '0' on the release's Trivy scan", () => {
      const mutated = mutate('release.yml', /exit-code: '1'/, "exit-code: '0'");
      expect(swallowedFailures(mutated)).toEqual([expect.stringMatching(/release\.yml jobs\.scan.*exit-code: 0/)]);
      expect(releaseViolations(mutated)).toEqual([expect.stringContaining('exit-code must be 1')]);
    });

    it('catches a Trivy step that drops exit-code (the action defaults to 0)', () => {
      const mutated = mutate(
        'security.yml',
        /\n {10}exit-code: '1'\n {10}format: sarif\n {10}limit-severities-for-sarif: true\n {10}output: trivy-fs\.sarif/,
        '\n          format: sarif\n          output: trivy-fs.sarif',
      );
      expect(swallowedFailures(mutated)).toEqual([expect.stringMatching(/jobs\.trivy-fs.*defaults to 0/)]);
    });

    it('catches continue-on-error on a step and on a job', () => {
      const onStep = mutate(
        'security.yml',
        '      - name: Scan every commit\n',
        '      - name: Scan every commit\n        continue-on-error: true\n',
      );
      expect(swallowedFailures(onStep)).toEqual([
        expect.stringMatching(/jobs\.gitleaks\.steps\[1\].*continue-on-error/),
      ]);
      const onJob = mutate('ci.yml', '  test:\n', '  test:\n    continue-on-error: true\n');
      expect(swallowedFailures(onJob)).toEqual([expect.stringMatching(/ci\.yml jobs\.test: continue-on-error/)]);
    });

    it('catches `set +e` and `--exit-code 0` in scripts', () => {
      const setE = mutate(
        'security.yml',
        '          docker run --rm --user',
        '          set +e\n          docker run --rm --user',
      );
      expect(swallowedFailures(setE)).toEqual([expect.stringContaining('set +e')]);
      const exitZero = mutate('security.yml', '--exit-code 1', '--exit-code 0');
      expect(swallowedFailures(exitZero)).toEqual([expect.stringContaining('--exit-code 0')]);
    });

    it('catches a dependency review that fails on nothing', () => {
      const mutated = mutate('security.yml', 'fail-on-severity: high', 'fail-on-severity: none');
      expect(swallowedFailures(mutated)).toEqual([expect.stringContaining('fail-on-severity: none')]);
    });
  });

  describe('action pinning', () => {
    it('catches actions/checkout@v4', () => {
      const mutated = mutate('ci.yml', /actions\/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+/, 'actions/checkout@v4');
      expect(unpinnedActions(workflows)).toEqual([]);
      expect(unpinnedActions(mutated)).toEqual([
        expect.stringMatching(/ci\.yml jobs\.lint\.steps\[0\].*actions\/checkout@v4 is not pinned/),
      ]);
    });

    it('catches a short SHA and a SHA without its version comment', () => {
      const short = mutate('release.yml', /docker\/metadata-action@[0-9a-f]{40}/, 'docker/metadata-action@902fa8e');
      expect(unpinnedActions(short)).toEqual([expect.stringContaining('docker/metadata-action@902fa8e is not pinned')]);
      const noComment = mutate('release.yml', /(docker\/metadata-action@[0-9a-f]{40}) # v[\d.]+/, '$1');
      expect(unpinnedActions(noComment)).toEqual([expect.stringContaining('has no "# vX.Y.Z" comment')]);
    });
  });

  describe('deployed image tags', () => {
    it('catches a deploy of a tag the release does not build', () => {
      const mutated = mutate(
        'deploy.yml',
        /IMAGE_TAG: sha-\$\{\{ github\.event\.workflow_run\.head_sha \}\}/,
        'IMAGE_TAG: latest',
      );
      expect(deployTagViolations(workflows)).toEqual([]);
      expect(deployTagViolations(mutated)).toEqual([
        expect.stringMatching(/deploy\.yml jobs\.dev env\.IMAGE_TAG: tag "latest" is not one release\.yml builds/),
      ]);
    });

    it('catches a release that stops building the long sha-<sha> tag the deploy uses', () => {
      const shortSha = mutate('release.yml', 'type=sha,format=long', 'type=sha');
      const violations = deployTagViolations(shortSha);
      expect(violations).toEqual(
        expect.arrayContaining([
          expect.stringContaining('deploy.yml jobs.dev'),
          expect.stringContaining('deploy.yml jobs.prod'),
          expect.stringContaining('e2e.yml'),
        ]),
      );
      expect(releaseViolations(shortSha)).toEqual([expect.stringContaining('lack type=sha,format=long')]);
    });

    it('catches an e2e image literal with a tag the release does not build', () => {
      const mutated = mutate(
        'e2e.yml',
        'tags: ${{ steps.image.outputs.name }}:${{ env.IMAGE_TAG }}',
        'tags: ghcr.io/acme/book-library-api:e2e',
      );
      expect(deployTagViolations(mutated)).toEqual([expect.stringContaining('tag "e2e"')]);
    });
  });

  describe('release', () => {
    it('catches tags that do not come from metadata-action and a single-platform build', () => {
      const tags = mutate(
        'release.yml',
        'tags: ${{ steps.meta.outputs.tags }}',
        'tags: ghcr.io/acme/book-library-api:latest',
      );
      expect(releaseViolations(tags)).toEqual([expect.stringContaining('one source of truth')]);
      const amd64 = mutate('release.yml', 'platforms: linux/amd64,linux/arm64', 'platforms: linux/amd64');
      expect(releaseViolations(amd64)).toEqual([expect.stringContaining('platforms lack linux/arm64')]);
    });

    it('catches a release that signs nothing', () => {
      const mutated = mutate('release.yml', 'cosign sign --yes "${IMAGE}@${DIGEST}"', 'echo unsigned');
      expect(releaseViolations(mutated)).toEqual([expect.stringContaining('no `cosign sign`')]);
    });
  });

  describe('deploy trigger and environment', () => {
    it('catches a second trigger (deploying twice per push)', () => {
      const mutated = mutate(
        'deploy.yml',
        'on:\n  workflow_run:',
        'on:\n  push:\n    branches: [main]\n  workflow_run:',
      );
      expect(deployTriggerViolations(workflows)).toEqual([]);
      expect(deployTriggerViolations(mutated)).toEqual([expect.stringContaining('triggers are [push, workflow_run]')]);
    });

    it('catches a deploy job that ignores the release conclusion', () => {
      const mutated = mutate(
        'deploy.yml',
        "github.event.workflow_run.conclusion == 'success' &&\n      github.event.workflow_run.event == 'push' &&\n      github.event.workflow_run.head_branch == 'main'",
        "github.event.workflow_run.head_branch == 'main'",
      );
      expect(deployTriggerViolations(mutated)).toEqual([expect.stringContaining('deploy.yml jobs.dev')]);
    });

    it('catches a prod deploy without the production environment', () => {
      const mutated = mutate(
        'deploy.yml',
        '      name: production # required reviewers are configured on this environment',
        '      name: staging',
      );
      expect(productionEnvironmentViolations(workflows)).toEqual([]);
      expect(productionEnvironmentViolations(mutated)).toEqual([
        expect.stringContaining('without environment: production'),
      ]);
    });

    it('catches a push deploy that would also run in gitops mode', () => {
      const mutated = mutate(
        'deploy.yml',
        "startsWith(github.event.workflow_run.head_branch, 'v') &&\n      vars.DEPLOY_MODE != 'gitops'\n    runs-on: ubuntu-24.04\n    timeout-minutes: 20",
        "startsWith(github.event.workflow_run.head_branch, 'v')\n    runs-on: ubuntu-24.04\n    timeout-minutes: 20",
      );
      expect(deployModeViolations(mutated)).toEqual([
        'deploy.yml jobs.prod: applies to a cluster but also runs in gitops mode',
      ]);
    });

    it('catches a promotion by commit that also runs in push mode', () => {
      const mutated = mutate('deploy.yml', "vars.DEPLOY_MODE == 'gitops'", "vars.DEPLOY_MODE != 'push'");
      expect(deployModeViolations(mutated)).toEqual([
        'deploy.yml jobs.promote-prod: promotes by commit outside gitops mode',
      ]);
    });

    it('catches cluster credentials outside deploy.yml', () => {
      const mutated = mutate(
        'e2e.yml',
        '          OVERLAY: deploy/overlays/dev\n',
        '          OVERLAY: deploy/overlays/dev\n          KUBECONFIG_DATA: ${{ secrets.KUBECONFIG_DEV }}\n',
      );
      expect(deployTriggerViolations(mutated)).toEqual([expect.stringContaining('e2e.yml: uses cluster credentials')]);
    });
  });

  describe('permissions and Node version', () => {
    it('catches write-all at the top level and a job without permissions under it', () => {
      const mutated = mutate('ci.yml', 'permissions: {}', 'permissions: write-all');
      expect(permissionViolations(workflows)).toEqual([]);
      expect(permissionViolations(mutated)).toEqual([
        expect.stringContaining('ci.yml: top-level permissions grant write'),
      ]);
      const noJobPermissions = mutate(
        'ci.yml',
        'permissions: {}',
        'permissions: read-all',
        mutate('ci.yml', /( {2}lint:\n(?:.*\n)*?) {4}permissions:\n {6}contents: read\n/, '$1'),
      );
      expect(permissionViolations(noJobPermissions)).toEqual([
        expect.stringContaining('ci.yml jobs.lint: no permissions'),
      ]);
    });

    it('catches a setup-node that is not .nvmrc', () => {
      const mutated = mutate('ci.yml', 'node-version-file: .nvmrc', 'node-version: 20');
      expect(nodeVersionViolations(workflows, '24\n')).toEqual([]);
      expect(nodeVersionViolations(mutated, '24\n')).toEqual([
        expect.stringContaining('node-version 20 differs from .nvmrc (24)'),
      ]);
    });
  });
});
