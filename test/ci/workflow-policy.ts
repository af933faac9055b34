// Pipeline policy as code: each check is a pure function over a parsed set of workflow files and
// returns its violations (empty = compliant), so a mutation test can feed it an altered copy.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type YamlMap = Record<string, unknown>;

export interface Workflow {
  file: string;
  text: string;
  doc: YamlMap;
}

/** Workflows keyed by file name (`ci.yml`). */
export type WorkflowSet = ReadonlyMap<string, Workflow>;

export const WORKFLOWS_DIR = join(__dirname, '..', '..', '.github', 'workflows');

export function parseWorkflow(file: string, text: string): Workflow {
  const doc: unknown = parse(text);
  if (!isMap(doc)) throw new Error(`${file}: not a YAML mapping`);
  return { file, text, doc };
}

export function loadWorkflows(dir = WORKFLOWS_DIR): WorkflowSet {
  const set = new Map<string, Workflow>();
  for (const file of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    set.set(file, parseWorkflow(file, readFileSync(join(dir, file), 'utf8')));
  }
  return set;
}

/** A copy of the set with one file's text replaced (and re-parsed). */
export function withFile(set: WorkflowSet, file: string, text: string): WorkflowSet {
  const copy = new Map(set);
  copy.set(file, parseWorkflow(file, text));
  return copy;
}

export function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asMap(value: unknown): YamlMap {
  return isMap(value) ? value : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export interface StepRef {
  workflow: Workflow;
  jobId: string;
  job: YamlMap;
  index: number;
  step: YamlMap;
  where: string;
}

export function jobsOf(workflow: Workflow): [string, YamlMap][] {
  return Object.entries(asMap(workflow.doc.jobs)).map(([id, job]) => [id, asMap(job)]);
}

export function stepsOf(set: WorkflowSet): StepRef[] {
  const refs: StepRef[] = [];
  for (const workflow of set.values()) {
    for (const [jobId, job] of jobsOf(workflow)) {
      asList(job.steps).forEach((step, index) => {
        const s = asMap(step);
        const label = typeof s.name === 'string' ? ` (${s.name})` : typeof s.uses === 'string' ? ` (${s.uses})` : '';
        refs.push({
          workflow,
          jobId,
          job,
          index,
          step: s,
          where: `${workflow.file} jobs.${jobId}.steps[${index}]${label}`,
        });
      });
    }
  }
  return refs;
}

function actionName(uses: string): string {
  return uses.split('@')[0];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isMap(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}

// ---------------------------------------------------------------------------------------------
// 1. Third-party actions are pinned by a full commit SHA, with the version in a trailing comment.

const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const DOCKER_PINNED = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;

export function unpinnedActions(set: WorkflowSet): string[] {
  const violations: string[] = [];
  const check = (uses: unknown, where: string, workflow: Workflow): void => {
    if (typeof uses !== 'string' || uses.startsWith('./')) return;
    if (uses.startsWith('docker://')) {
      if (!DOCKER_PINNED.test(uses)) violations.push(`${where}: ${uses} is not pinned by digest`);
      return;
    }
    if (!PINNED.test(uses)) {
      violations.push(`${where}: ${uses} is not pinned by a 40-hex commit SHA`);
      return;
    }
    const line = workflow.text.split('\n').find((l) => l.includes(`uses: ${uses}`));
    if (!line || !/#\s*v?\d+(\.\d+)*\b/.test(line)) {
      violations.push(`${where}: ${uses} has no "# vX.Y.Z" comment naming the pinned version`);
    }
  };
  for (const workflow of set.values()) {
    for (const [jobId, job] of jobsOf(workflow)) check(job.uses, `${workflow.file} jobs.${jobId}`, workflow);
  }
  for (const ref of stepsOf(set)) check(ref.step.uses, ref.where, ref.workflow);
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 2. No step or job swallows a failure: a gate that cannot fail is not a gate.

const SWALLOWING_SHELL: [RegExp, string][] = [
  [/\|\|\s*(true|:)(?=\s|;|\)|$)/m, '`|| true` / `|| :` swallows the exit status'],
  [/\bset\s+\+e\b/, '`set +e` disables failing on errors'],
  [/--exit-zero\b/, '`--exit-zero` makes the tool always succeed'],
  [/--exit-code[\s=]+["']?0\b/, '`--exit-code 0` makes the tool always succeed'],
];

/** `with:` inputs that turn a scanner's findings into a pass. */
const SWALLOWING_INPUTS: [string, (v: unknown) => boolean][] = [
  ['exit-code', (v) => String(v).trim() === '0'],
  ['fail-on-severity', (v) => String(v).trim().toLowerCase() === 'none'],
  ['soft_fail', (v) => String(v).trim().toLowerCase() === 'true'],
  ['soft-fail', (v) => String(v).trim().toLowerCase() === 'true'],
  ['fail_action', (v) => String(v).trim().toLowerCase() === 'false'],
  ['fail-build', (v) => String(v).trim().toLowerCase() === 'false'],
  ['continue-on-error', (v) => String(v).trim().toLowerCase() !== 'false'],
];

function continuesOnError(value: unknown): boolean {
  return value !== undefined && value !== false && String(value).trim().toLowerCase() !== 'false';
}

export function swallowedFailures(set: WorkflowSet): string[] {
  const violations: string[] = [];
  for (const workflow of set.values()) {
    for (const [jobId, job] of jobsOf(workflow)) {
      if (continuesOnError(job['continue-on-error'])) {
        violations.push(`${workflow.file} jobs.${jobId}: continue-on-error lets the job fail silently`);
      }
    }
  }
  for (const { step, where } of stepsOf(set)) {
    if (continuesOnError(step['continue-on-error'])) {
      violations.push(`${where}: continue-on-error lets the step fail silently`);
    }
    const scripts = [...(typeof step.run === 'string' ? [step.run] : []), ...stringsIn(step.with)];
    for (const script of scripts) {
      for (const [pattern, why] of SWALLOWING_SHELL) {
        if (pattern.test(script)) violations.push(`${where}: ${why}`);
      }
    }
    const inputs = asMap(step.with);
    for (const [key, swallows] of SWALLOWING_INPUTS) {
      if (key in inputs && swallows(inputs[key])) {
        violations.push(`${where}: ${key}: ${String(inputs[key])} never fails on findings`);
      }
    }
    if (
      typeof step.uses === 'string' &&
      actionName(step.uses) === 'aquasecurity/trivy-action' &&
      !('exit-code' in inputs)
    ) {
      violations.push(`${where}: trivy-action without exit-code defaults to 0 and never fails`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 3. Least privilege: restrictive top-level permissions, or explicit permissions on every job.

function grantsWrite(permissions: unknown): boolean {
  if (typeof permissions === 'string') return permissions === 'write-all';
  return Object.values(asMap(permissions)).some((level) => level === 'write');
}

function isRestrictive(permissions: unknown): boolean {
  if (!isMap(permissions)) return false;
  return Object.values(permissions).every((level) => level === 'read' || level === 'none');
}

export function permissionViolations(set: WorkflowSet): string[] {
  const violations: string[] = [];
  for (const workflow of set.values()) {
    const top = workflow.doc.permissions;
    if (grantsWrite(top)) {
      violations.push(`${workflow.file}: top-level permissions grant write to every job; grant it per job`);
    }
    const restrictiveTop = top !== undefined && isRestrictive(top);
    for (const [jobId, job] of jobsOf(workflow)) {
      if (job.permissions === undefined && !restrictiveTop) {
        violations.push(`${workflow.file} jobs.${jobId}: no permissions and no restrictive top-level permissions`);
      }
      if (job.permissions === 'write-all') {
        violations.push(`${workflow.file} jobs.${jobId}: permissions: write-all`);
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 4. Release: one source of truth for tags, multi-platform, SBOM + provenance, signed, scanned.

export interface TagRule {
  source: string;
  pattern: RegExp;
}

/** Tags docker/metadata-action produces in release.yml, as patterns a concrete tag must match. */
export function releaseTagRules(set: WorkflowSet): TagRule[] {
  const release = set.get('release.yml');
  if (!release) return [];
  const rules: TagRule[] = [];
  for (const { step } of stepsOf(new Map([['release.yml', release]]))) {
    if (typeof step.uses !== 'string' || actionName(step.uses) !== 'docker/metadata-action') continue;
    const tags = String(asMap(step.with).tags ?? '');
    for (const line of tags
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      const attrs = new Map(
        line.split(',').map((part) => {
          const [key, ...rest] = part.split('=');
          return [key.trim(), rest.join('=').trim()] as [string, string];
        }),
      );
      const type = attrs.get('type');
      const prefix = attrs.get('prefix') ?? '';
      if (type === 'sha') {
        const shaPrefix = attrs.get('prefix') ?? 'sha-';
        const length = attrs.get('format') === 'long' ? 40 : 7;
        rules.push({ source: line, pattern: new RegExp(`^${escape(shaPrefix)}[0-9a-f]{${length}}$`) });
      } else if (type === 'semver') {
        const pattern = attrs.get('pattern') ?? '{{version}}';
        const body = pattern
          .replace('{{version}}', '\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?')
          .replace('{{major}}', '\\d+')
          .replace('{{minor}}', '\\d+')
          .replace('{{patch}}', '\\d+');
        rules.push({ source: line, pattern: new RegExp(`^${escape(prefix)}${body}$`) });
      } else if (type === 'raw' && attrs.has('value')) {
        rules.push({ source: line, pattern: new RegExp(`^${escape(prefix + (attrs.get('value') ?? ''))}$`) });
      }
    }
  }
  return rules;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function releaseViolations(set: WorkflowSet): string[] {
  const release = set.get('release.yml');
  if (!release) return ['release.yml is missing'];
  const only = new Map([['release.yml', release]]);
  const violations: string[] = [];
  const steps = stepsOf(only);
  const using = (name: string) =>
    steps.filter((s) => typeof s.step.uses === 'string' && actionName(s.step.uses) === name);

  const on = asMap(release.doc.on);
  const tags = asList(asMap(on.push).tags).map(String);
  if (!tags.includes('v*')) violations.push('release.yml: not triggered by v* tags');
  if (!asList(asMap(on.push).branches).includes('main'))
    violations.push('release.yml: not triggered by pushes to main');

  const meta = using('docker/metadata-action');
  if (meta.length !== 1) violations.push(`release.yml: expected one docker/metadata-action step, found ${meta.length}`);
  const rules = releaseTagRules(set).map((r) => r.source.replace(/\s/g, ''));
  for (const required of ['type=semver,pattern={{version}}', 'type=sha,format=long']) {
    if (!rules.includes(required)) violations.push(`release.yml: metadata-action tags lack ${required}`);
  }
  if (!rules.some((r) => r.startsWith('type=raw,value=main')))
    violations.push('release.yml: metadata-action tags lack main');

  const builds = using('docker/build-push-action');
  if (builds.length === 0) violations.push('release.yml: no docker/build-push-action step');
  const metaId = meta[0]?.step.id;
  for (const { step, where } of builds) {
    const w = asMap(step.with);
    const platforms = String(w.platforms ?? '');
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      if (!platforms.includes(platform)) violations.push(`${where}: platforms lack ${platform}`);
    }
    if (String(w.push) !== 'true') violations.push(`${where}: does not push`);
    if (String(w.sbom) !== 'true') violations.push(`${where}: no SBOM attestation (sbom: true)`);
    if (w.provenance === undefined || String(w.provenance) === 'false') {
      violations.push(`${where}: no provenance attestation`);
    }
    if (String(w.tags ?? '').trim() !== `\${{ steps.${String(metaId)}.outputs.tags }}`) {
      violations.push(`${where}: tags must come from the metadata-action step (one source of truth)`);
    }
  }

  const trivy = using('aquasecurity/trivy-action');
  if (trivy.length === 0) violations.push('release.yml: no Trivy image scan');
  for (const { step, where } of trivy) {
    const w = asMap(step.with);
    if (String(w['exit-code']) !== '1') violations.push(`${where}: exit-code must be 1`);
    if (String(w['ignore-unfixed']) !== 'true') violations.push(`${where}: ignore-unfixed must be true`);
    const severity = String(w.severity ?? '');
    if (!severity.includes('HIGH') || !severity.includes('CRITICAL'))
      violations.push(`${where}: severity must cover HIGH,CRITICAL`);
  }

  const signs = steps.some(
    ({ step }) => typeof step.run === 'string' && /cosign sign\b[^\n]*@\$\{?DIGEST/.test(step.run),
  );
  if (!signs) violations.push('release.yml: no `cosign sign` of the pushed digest');
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 5. The image tag a deploy uses is one the release builds.

const SAMPLE_SHA = '0123456789abcdef0123456789abcdef01234567';
const SHA_EXPRESSIONS = /\$\{\{\s*(github\.sha|github\.event\.workflow_run\.head_sha)\s*\}\}/g;

/** Every tag deploy.yml / e2e.yml name: IMAGE_TAG env values and literal `book-library-api:<tag>`. */
export function deployedTags(workflow: Workflow): { where: string; tag: string }[] {
  const found: { where: string; tag: string }[] = [];
  const envTag = (env: unknown, where: string): void => {
    const value = asMap(env).IMAGE_TAG;
    if (value !== undefined) found.push({ where: `${where} env.IMAGE_TAG`, tag: String(value) });
  };
  envTag(workflow.doc.env, workflow.file);
  for (const [jobId, job] of jobsOf(workflow)) {
    envTag(job.env, `${workflow.file} jobs.${jobId}`);
    asList(job.steps).forEach((step, index) => {
      const s = asMap(step);
      const where = `${workflow.file} jobs.${jobId}.steps[${index}]`;
      envTag(s.env, where);
      for (const text of [...(typeof s.run === 'string' ? [s.run] : []), ...stringsIn(s.with)]) {
        for (const match of text.matchAll(/book-library-api:([A-Za-z0-9_.-]+)/g)) {
          found.push({ where, tag: match[1] });
        }
      }
    });
  }
  return found;
}

export function deployTagViolations(set: WorkflowSet): string[] {
  const rules = releaseTagRules(set);
  const violations: string[] = [];
  if (rules.length === 0) violations.push('release.yml: no tags found in docker/metadata-action');
  for (const file of ['deploy.yml', 'e2e.yml']) {
    const workflow = set.get(file);
    if (!workflow) {
      violations.push(`${file} is missing`);
      continue;
    }
    const tags = deployedTags(workflow);
    if (tags.length === 0) violations.push(`${file}: names no image tag (IMAGE_TAG)`);
    for (const { where, tag } of tags) {
      const concrete = tag.replace(SHA_EXPRESSIONS, SAMPLE_SHA);
      if (!rules.some((rule) => rule.pattern.test(concrete))) {
        violations.push(
          `${where}: tag "${tag}" is not one release.yml builds (${rules.map((r) => r.source).join('; ')})`,
        );
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 6. One Node version: .nvmrc.

export function nodeVersionViolations(set: WorkflowSet, nvmrc: string): string[] {
  const major = nvmrc.trim().replace(/^v/, '').split('.')[0];
  const violations: string[] = [];
  for (const { step, where } of stepsOf(set)) {
    if (typeof step.uses !== 'string' || actionName(step.uses) !== 'actions/setup-node') continue;
    const w = asMap(step.with);
    if (w['node-version-file'] !== undefined) {
      if (String(w['node-version-file']) !== '.nvmrc') violations.push(`${where}: node-version-file is not .nvmrc`);
    } else if (w['node-version'] !== undefined) {
      const wanted = String(w['node-version']).replace(/^v/, '').split('.')[0];
      if (wanted !== major)
        violations.push(`${where}: node-version ${String(w['node-version'])} differs from .nvmrc (${major})`);
    } else {
      violations.push(`${where}: setup-node without node-version-file: .nvmrc`);
    }
  }
  for (const workflow of set.values()) {
    for (const match of workflow.text.matchAll(/\bnode:(\d+)/g)) {
      if (match[1] !== major)
        violations.push(`${workflow.file}: image node:${match[1]} differs from .nvmrc (${major})`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 7. Deploy: exactly one trigger (the release's success), prod behind the production environment,
//    and no other workflow holds cluster credentials.

export function deployTriggerViolations(set: WorkflowSet): string[] {
  const deploy = set.get('deploy.yml');
  if (!deploy) return ['deploy.yml is missing'];
  const violations: string[] = [];
  const on = deploy.doc.on;
  const triggers = typeof on === 'string' ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(asMap(on));
  if (triggers.length !== 1 || triggers[0] !== 'workflow_run') {
    violations.push(
      `deploy.yml: triggers are [${triggers.join(', ')}]; exactly one, workflow_run on release, is allowed`,
    );
  } else {
    const run = asMap(asMap(on).workflow_run);
    if (!asList(run.workflows).includes('release'))
      violations.push('deploy.yml: workflow_run does not follow the release workflow');
    if (JSON.stringify(asList(run.types)) !== JSON.stringify(['completed'])) {
      violations.push('deploy.yml: workflow_run types must be [completed]');
    }
  }
  for (const [jobId, job] of jobsOf(deploy)) {
    if (!/github\.event\.workflow_run\.conclusion\s*==\s*'success'/.test(String(job.if ?? ''))) {
      violations.push(`deploy.yml jobs.${jobId}: runs without checking the release concluded with success`);
    }
  }
  for (const workflow of set.values()) {
    if (workflow.file !== 'deploy.yml' && /secrets\.KUBECONFIG_/.test(workflow.text)) {
      violations.push(`${workflow.file}: uses cluster credentials; only deploy.yml deploys`);
    }
  }
  return violations;
}

function environmentName(job: YamlMap): string | undefined {
  const env = job.environment;
  if (typeof env === 'string') return env;
  const name = asMap(env).name;
  return typeof name === 'string' ? name : undefined;
}

export function productionEnvironmentViolations(set: WorkflowSet): string[] {
  const deploy = set.get('deploy.yml');
  if (!deploy) return ['deploy.yml is missing'];
  const violations: string[] = [];
  const prodJobs = jobsOf(deploy).filter(([, job]) => /overlays\/prod|KUBECONFIG_PROD/.test(JSON.stringify(job)));
  if (prodJobs.length === 0) violations.push('deploy.yml: no job deploys deploy/overlays/prod');
  for (const [jobId, job] of prodJobs) {
    if (environmentName(job) !== 'production') {
      violations.push(`deploy.yml jobs.${jobId}: deploys prod without environment: production`);
    }
    if (!/startsWith\(github\.event\.workflow_run\.head_branch,\s*'v'\)/.test(String(job.if ?? ''))) {
      violations.push(`deploy.yml jobs.${jobId}: prod deploy is not limited to version tags`);
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 7b. Two deploy modes that never both run: push jobs (kubectl with cluster credentials) only when
// DEPLOY_MODE is not gitops; in gitops mode only a promotion by commit, with no cluster credentials.

const PUSH_ONLY = /vars\.DEPLOY_MODE\s*!=\s*'gitops'/;
const GITOPS_ONLY = /vars\.DEPLOY_MODE\s*==\s*'gitops'/;

export function deployModeViolations(set: WorkflowSet): string[] {
  const deploy = set.get('deploy.yml');
  if (!deploy) return ['deploy.yml is missing'];
  const violations: string[] = [];
  let promotions = 0;
  for (const [jobId, job] of jobsOf(deploy)) {
    const text = JSON.stringify(job);
    const condition = String(job.if ?? '');
    if (/secrets\.KUBECONFIG_|deploy\.sh/.test(text) && !PUSH_ONLY.test(condition)) {
      violations.push(`deploy.yml jobs.${jobId}: applies to a cluster but also runs in gitops mode`);
    }
    if (/promote\.sh/.test(text)) {
      promotions += 1;
      if (!GITOPS_ONLY.test(condition))
        violations.push(`deploy.yml jobs.${jobId}: promotes by commit outside gitops mode`);
      if (/secrets\.KUBECONFIG_/.test(text))
        violations.push(`deploy.yml jobs.${jobId}: a GitOps promotion holds cluster credentials`);
    }
  }
  if (promotions === 0) violations.push('deploy.yml: no job promotes by commit (gitops mode)');
  return violations;
}

// ---------------------------------------------------------------------------------------------
// 8. Pull-request workflows cancel superseded runs.

export function concurrencyViolations(set: WorkflowSet): string[] {
  const violations: string[] = [];
  for (const workflow of set.values()) {
    const on = workflow.doc.on;
    const onPullRequest = isMap(on) ? 'pull_request' in on : String(on).includes('pull_request');
    if (!onPullRequest) continue;
    const concurrency = asMap(workflow.doc.concurrency);
    if (!concurrency.group || String(concurrency['cancel-in-progress']) !== 'true') {
      violations.push(
        `${workflow.file}: runs on pull requests without a concurrency group that cancels superseded runs`,
      );
    }
  }
  return violations;
}
