// How controllers read a pod's status: active, ready, available, and which to give up first.
import type { KubeObject } from '../types.js';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

interface ContainerStatus {
  restartCount?: number;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  containerStatuses?: ContainerStatus[];
  [field: string]: unknown;
}

export function podStatus(pod: KubeObject): PodStatus {
  return (pod.status ?? {}) as PodStatus;
}

export function podPhase(pod: KubeObject): string | undefined {
  return podStatus(pod).phase;
}

export function nodeNameOf(pod: KubeObject): string | undefined {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName;
}

/** Not finished and not being deleted: what a ReplicaSet counts towards its replicas. */
export function isActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function readyCondition(pod: KubeObject): PodCondition | undefined {
  return podStatus(pod).conditions?.find(
    (condition) => condition.type === 'Ready' && condition.status === 'True',
  );
}

export function isReady(pod: KubeObject): boolean {
  return readyCondition(pod) !== undefined;
}

/** When a ready pod counts as available: minReadySeconds after it became ready. */
export function availableAt(pod: KubeObject, minReadySeconds: number): Date | undefined {
  const ready = readyCondition(pod);
  if (!ready) return undefined;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0;
  return new Date(since + minReadySeconds * 1000);
}

export function isAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const at = availableAt(pod, minReadySeconds);
  return at !== undefined && (minReadySeconds === 0 || at <= now);
}

function restarts(pod: KubeObject): number {
  return (podStatus(pod).containerStatuses ?? []).reduce(
    (sum, status) => sum + (status.restartCount ?? 0),
    0,
  );
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * controller.ActivePods ordering: the pods a controller removes first when it scales down. Unscheduled
 * before scheduled, pending before running, unready before ready, more restarts first, newer first.
 */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const ranks = (pod: KubeObject) => [
    nodeNameOf(pod) ? 1 : 0,
    PHASE_RANK[podPhase(pod) ?? 'Pending'] ?? 0,
    isReady(pod) ? 1 : 0,
    -restarts(pod),
    -Date.parse(pod.metadata.creationTimestamp ?? '0'),
  ];
  const [left, right] = [ranks(a), ranks(b)];
  for (let i = 0; i < left.length; i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
