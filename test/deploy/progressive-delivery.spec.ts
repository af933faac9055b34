import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RULES_DIR } from '../observability/observability-paths';
import { UnknownFieldFinder } from './api-schema';
import { withComponents } from './component-combinations';
import { DeployTreeCopy, findObject, type K8sObject } from './manifest-tree';
import { overlayFindings, schemaFindings } from './overlay-checks';
import { progressiveDeliveryViolations } from './progressive-delivery-policy';

// deploy/components/progressive-delivery in the prod overlay: an Argo Rollouts canary over the
// Deployment, gated by the SLO recording rules. Validated by @kubernetes-models/argo-rollouts.

let finder: UnknownFieldFinder;
beforeAll(() => {
  finder = new UnknownFieldFinder();
});

describe('prod with progressive-delivery', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    const tree = withComponents(new DeployTreeCopy(), 'overlays/prod', ['progressive-delivery']);
    objects = tree.render('prod');
    tree.dispose();
  });

  it('adds a Rollout over the Deployment and its AnalysisTemplate, valid against the Argo Rollouts schemas', () => {
    expect(findObject(objects, 'Rollout', 'book-library-api')).toBeDefined();
    expect(findObject(objects, 'AnalysisTemplate', 'book-library-api-slo')).toBeDefined();
    expect(schemaFindings(objects, finder)).toEqual([]);
  });

  it('still passes every production policy, the HPA now scaling the Rollout', () => {
    expect(overlayFindings('prod', objects, finder)).toEqual([]);
  });

  it('judges the recorded SLIs long enough, and keeps the capacity the PDB and shutdown assume', () => {
    expect(progressiveDeliveryViolations(objects)).toEqual([]);
  });
});

describe('the canary checks fail on a broken canary', () => {
  let tree: DeployTreeCopy;
  beforeEach(() => {
    tree = withComponents(new DeployTreeCopy(), 'overlays/prod', ['progressive-delivery']);
  });
  afterEach(() => tree.dispose());

  const render = () => tree.render('prod');

  it.each([
    {
      what: 'a query of a raw metric instead of a recorded SLI',
      file: 'analysistemplate.yaml',
      from: 'query: job:slo_errors_per_request:ratio_rate5m{job="book-library-api"}',
      to: 'query: sum(rate(http_requests_total{job="book-library-api",status_code=~"5.."}[5m]))',
      finding: /metric availability: reads http_requests_total, which observability\/prometheus\/rules does not record/,
    },
    {
      what: 'a misspelt recording rule',
      file: 'analysistemplate.yaml',
      from: 'query: job:slo_slow_requests_per_request:ratio_rate5m{job="book-library-api"}',
      to: 'query: job:slo_slow_request_per_request:ratio_rate5m{job="book-library-api"}',
      finding: /metric latency: reads job:slo_slow_request_per_request:ratio_rate5m, which .* does not record/,
    },
    {
      what: 'a query of every job',
      file: 'analysistemplate.yaml',
      from: 'query: job:slo_errors_per_request:ratio_rate5m{job="book-library-api"}',
      to: 'query: job:slo_errors_per_request:ratio_rate5m',
      finding: /metric availability: must select job="book-library-api"/,
    },
    {
      what: 'a pause shorter than the SLI window',
      file: 'rollout.yaml',
      from: '- pause: { duration: 8m }',
      to: '- pause: { duration: 2m }',
      finding: /a 120 s pause is shorter than the SLI window \(300 s\)/,
    },
    {
      what: 'a canary step that takes a ready pod away',
      file: 'rollout.yaml',
      from: 'maxUnavailable: 0',
      to: 'maxUnavailable: 1',
      finding: /canary maxUnavailable must be 0/,
    },
    {
      what: 'a first step at half the traffic',
      file: 'rollout.yaml',
      from: '- setWeight: 10',
      to: '- setWeight: 50',
      finding: /the first canary step must be at most 10 %/,
    },
  ])('reports $what', ({ file, from, to, finding }) => {
    tree.edit(`components/progressive-delivery/${file}`, from, to);
    expect(progressiveDeliveryViolations(render())).toContainEqual(expect.stringMatching(finding));
  });

  it('reports a queried SLI the rules stop recording', () => {
    const rulesDir = mkdtempSync(path.join(tmpdir(), 'rules-'));
    try {
      cpSync(RULES_DIR, rulesDir, { recursive: true });
      const file = path.join(rulesDir, 'slo-recording.yml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'record: job:slo_slow_requests_per_request:ratio_rate5m',
          'record: job:slo_slow_requests_per_request:ratio_rate5m_renamed',
        ),
      );
      expect(progressiveDeliveryViolations(render(), rulesDir)).toContainEqual(
        expect.stringMatching(/reads job:slo_slow_requests_per_request:ratio_rate5m, which .* does not record/),
      );
    } finally {
      rmSync(rulesDir, { recursive: true, force: true });
    }
  });

  it('reports a misspelt Rollout field and a wrong type (Argo Rollouts schema)', () => {
    tree.edit(
      'components/progressive-delivery/rollout.yaml',
      'progressDeadlineAbort: true',
      'progressDeadlineAbort: "yes"',
    );
    tree.edit('components/progressive-delivery/rollout.yaml', 'startingStep: 1', 'startStep: 1');
    const found = schemaFindings(render(), finder);
    expect(found).toContainEqual(
      expect.stringMatching(/^Rollout\/book-library-api: schema: .*progressDeadlineAbort must be boolean/),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^Rollout\/book-library-api: unknown field spec\.strategy\.canary\.analysis\.startStep$/),
    );
  });

  it('reports an HPA left scaling the Deployment the Rollout took over', () => {
    tree.edit(
      'components/progressive-delivery/kustomization.yaml',
      'kind: Rollout\n          name: book-library-api',
      'kind: Deployment\n          name: book-library-api',
    );
    expect(overlayFindings('prod', render(), finder)).toContainEqual(
      'no HorizontalPodAutoscaler scales Rollout/book-library-api',
    );
  });
});
