// Which run of a container a log request reads, decided as the kubelet's
// validateContainerLogStatus does (pkg/kubelet/kubelet_pods.go); its refusals reach the client
// as a 400 whose message is the kubelet's error text.
import { badRequest } from '../api/status.js';
import type { KubeObject } from '../types.js';
import type { ContainerRun } from './log-lines.js';
import { type ContainerStatus, findContainerStatus, podSpec, type TerminatedState } from './pod-shape.js';

function terminatedRun(state: TerminatedState): ContainerRun {
  const startedAt = new Date(state.startedAt ?? state.finishedAt ?? 0);
  return {
    id: state.containerID ?? '',
    startedAt,
    finishedAt: new Date(state.finishedAt ?? startedAt),
    exitCode: state.exitCode,
    ...(state.reason && { reason: state.reason }),
  };
}

/** What the kubelet reports before its first status for a container: created, or behind init containers. */
function defaultStatus(pod: KubeObject, name: string): ContainerStatus {
  const reason = (podSpec(pod).initContainers ?? []).length > 0 ? 'PodInitializing' : 'ContainerCreating';
  return { name, state: { waiting: { reason } } };
}

export function containerRun(pod: KubeObject, containerName: string, previous: boolean): ContainerRun {
  const podName = pod.metadata.name ?? '';
  const status = findContainerStatus(pod, containerName) ?? defaultStatus(pod, containerName);
  const refuse = (why: string) => badRequest(`container "${containerName}" in pod "${podName}" ${why}`);
  const last = status.lastState?.terminated;
  const { running, terminated, waiting } = status.state ?? {};
  if (previous) {
    if (!last?.containerID) {
      throw badRequest(`previous terminated container "${containerName}" in pod "${podName}" not found`);
    }
    return terminatedRun(last);
  }
  if (running) return { id: status.containerID ?? '', startedAt: new Date(running.startedAt ?? 0) };
  if (terminated) {
    if (terminated.containerID) return terminatedRun(terminated);
    if (last?.containerID) return terminatedRun(last);
    throw refuse('is terminated');
  }
  if (last) {
    if (!last.containerID) throw refuse('is terminated');
    return terminatedRun(last);
  }
  if (waiting) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull') throw refuse("is waiting to start: image can't be pulled");
    if (reason === 'ImagePullBackOff') throw refuse('is waiting to start: trying and failing to pull image');
    throw refuse(`is waiting to start: ${reason}`);
  }
  throw refuse('is waiting to start - no logs yet');
}
