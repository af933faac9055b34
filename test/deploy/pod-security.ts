import { containersOf, type PodTemplate } from './pod-templates';

// The "restricted" Pod Security Standard (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
// which the namespaces enforce at admission, plus this project's own rule: a read-only root filesystem.
// Checked here so a violation fails the tests instead of a real `kubectl apply`.

const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const ALLOWED_ADDED_CAPABILITIES = new Set(['NET_BIND_SERVICE']);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

export function restrictedPodSecurityViolations(pod: PodTemplate): string[] {
  const { spec, owner } = pod;
  const podContext = spec.securityContext ?? {};
  const found: string[] = [];
  const fail = (what: string, message: string) => found.push(`${owner}: ${what}: ${message}`);

  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) fail('pod', 'host namespaces are not allowed');
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.has(type)) fail(`volume ${volume.name}`, `type ${type} is not allowed`);
  }

  for (const { container, label } of containersOf(spec)) {
    const context = container.securityContext ?? {};
    // The container's setting wins; the pod's applies where the container has none.
    const runAsNonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
    const runAsUser = context.runAsUser ?? podContext.runAsUser;
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;

    if (runAsNonRoot !== true) fail(label, 'runAsNonRoot must be true');
    if (runAsUser === 0) fail(label, 'runAsUser must not be 0');
    if (context.privileged) fail(label, 'privileged is not allowed');
    if (context.allowPrivilegeEscalation !== false) fail(label, 'allowPrivilegeEscalation must be false');
    if (!seccomp || !ALLOWED_SECCOMP.has(seccomp)) fail(label, 'seccompProfile must be RuntimeDefault or Localhost');
    if (!(context.capabilities?.drop ?? []).includes('ALL')) fail(label, 'capabilities.drop must include ALL');
    for (const added of context.capabilities?.add ?? []) {
      if (!ALLOWED_ADDED_CAPABILITIES.has(added)) fail(label, `capability ${added} may not be added`);
    }
    if (context.readOnlyRootFilesystem !== true) fail(label, 'readOnlyRootFilesystem must be true');
    for (const port of container.ports ?? []) {
      if (port.hostPort) fail(label, `hostPort ${port.hostPort} is not allowed`);
    }
  }
  return found;
}
