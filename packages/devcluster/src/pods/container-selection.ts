// Which container a pods/log or pods/exec request is about, decided as kube-apiserver's
// validateContainer does (pkg/registry/core/pod/strategy.go) before it calls the kubelet.
import { badRequest } from '../api/status.js';
import type { KubeObject } from '../types.js';
import { allContainers, podSpec } from './pod-shape.js';

/** The named container, or the only one; a 400 when the name is missing and ambiguous, or unknown. */
export function selectContainer(pod: KubeObject, requested: string): string {
  const podName = pod.metadata.name ?? '';
  if (requested) {
    if (allContainers(pod).some((container) => container.name === requested)) return requested;
    throw badRequest(`container ${requested} is not valid for pod ${podName}`);
  }
  const { containers } = podSpec(pod);
  const [only] = containers;
  if (containers.length === 1 && only) return only.name;
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${podName}`);
  // Go prints a []string as `[a b]`.
  const names = allContainers(pod).map((container) => container.name);
  throw badRequest(
    `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`,
  );
}

/** The kubelet that would serve the request; exec needs one (streamLocation), logs answer empty without. */
export function assignedNode(pod: KubeObject): string | undefined {
  return podSpec(pod).nodeName || undefined;
}

export function noHostAssigned(pod: KubeObject) {
  return badRequest(`pod ${pod.metadata.name ?? ''} does not have a host assigned`);
}
