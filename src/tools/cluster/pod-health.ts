import type { KubeObject } from '../../k8s/index.js';
import { ageSince } from '../age.js';

// Which pods are failing, and why, in the words `kubectl get pods` would use.

/** A pod may take this long to be scheduled and start before its Pending counts as a problem. */
export const PENDING_GRACE_MS = 5 * 60_000;

/** Waiting reasons that are part of a normal start, not a failure. */
const STARTING_REASONS = new Set(['ContainerCreating', 'PodInitializing']);

interface ContainerStatus {
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; exitCode?: number };
  };
}

interface Pod extends KubeObject {
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface PodProblem {
  pod: KubeObject;
  status: string;
  restarts: number;
  detail: string;
}

function restartsOf(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
}

function conditionOf(pod: Pod, type: string) {
  return pod.status?.conditions?.find((condition) => condition.type === type);
}

function failingContainer(pod: Pod): { reason: string; message?: string } | undefined {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const status of statuses) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && !STARTING_REASONS.has(waiting.reason)) {
      return { reason: waiting.reason, ...(waiting.message && { message: waiting.message }) };
    }
  }
  return undefined;
}

/** Why a pod is failing, or undefined when it is healthy (or completed, or still starting). */
export function podProblem(pod: Pod, now: Date): PodProblem | undefined {
  const phase = pod.status?.phase ?? 'Unknown';
  const problem = (status: string, detail: string): PodProblem => ({
    pod,
    status,
    restarts: restartsOf(pod),
    detail,
  });
  if (phase === 'Succeeded') return undefined;
  if (phase === 'Failed')
    return problem(pod.status?.reason ?? 'Failed', pod.status?.message ?? 'the pod failed');
  const container = failingContainer(pod);
  if (container) return problem(container.reason, container.message ?? `a container is ${container.reason}`);
  const created = Date.parse(pod.metadata?.creationTimestamp ?? '') || now.getTime();
  if (phase === 'Pending') {
    if (now.getTime() - created < PENDING_GRACE_MS) return undefined;
    const scheduled = conditionOf(pod, 'PodScheduled');
    const why = scheduled?.status === 'False' ? (scheduled.message ?? scheduled.reason) : undefined;
    return problem(
      'Pending',
      `pending for ${ageSince(pod.metadata?.creationTimestamp, now)}${why ? `: ${why}` : ''}`,
    );
  }
  if (phase === 'Running' && conditionOf(pod, 'Ready')?.status === 'False') {
    const statuses = pod.status?.containerStatuses ?? [];
    const ready = statuses.filter((status) => status.ready).length;
    return problem('NotReady', `running, ${ready}/${statuses.length} containers ready`);
  }
  if (phase === 'Unknown') return problem('Unknown', 'the node stopped reporting this pod');
  return undefined;
}
