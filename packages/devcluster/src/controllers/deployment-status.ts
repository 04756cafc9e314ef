// deploymentutil: rolling-update bounds, revisions, and the status and conditions the controller reports.
import { apiTime } from '../seed/timestamps.js';
import type { KubeObject } from '../types.js';
import { nameOf, nonZero, replicasOf } from './objects.js';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

type IntOrPercent = number | string | undefined;

export interface DeploymentSpec {
  replicas?: number;
  paused?: boolean;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  selector?: { matchLabels?: Record<string, string> };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } };
}

export interface Condition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  collisionCount?: number;
  conditions?: Condition[];
}

export function deploymentSpec(deployment: KubeObject): DeploymentSpec {
  return (deployment.spec ?? {}) as DeploymentSpec;
}

export function deploymentStatus(deployment: KubeObject): DeploymentStatus {
  return (deployment.status ?? {}) as DeploymentStatus;
}

export function isRollingUpdate(deployment: KubeObject): boolean {
  return (deploymentSpec(deployment).strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** intstr.GetScaledValueFromIntOrPercent: `25%` of the replicas, rounded up or down. */
function scaled(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number.parseInt(String(value ?? '25%'), 10);
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: surge rounds up, unavailability down, and both zero means one may be unavailable. */
function fenceposts(deployment: KubeObject): { surge: number; unavailable: number } {
  const replicas = replicasOf(deployment);
  const rollingUpdate = deploymentSpec(deployment).strategy?.rollingUpdate;
  const surge = scaled(rollingUpdate?.maxSurge, replicas, true);
  const unavailable = scaled(rollingUpdate?.maxUnavailable, replicas, false);
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

export function maxSurge(deployment: KubeObject): number {
  return isRollingUpdate(deployment) ? fenceposts(deployment).surge : 0;
}

export function maxUnavailable(deployment: KubeObject): number {
  const replicas = replicasOf(deployment);
  if (!isRollingUpdate(deployment) || replicas === 0) return 0;
  return Math.min(fenceposts(deployment).unavailable, replicas);
}

/** getReplicaSetFraction: the set's size resized as the Deployment's max replicas were, minus its size. */
function replicaSetFraction(replicaSet: KubeObject, deployment: KubeObject): number {
  const size = replicasOf(replicaSet);
  const replicas = replicasOf(deployment);
  if (replicas === 0) return -size;
  const annotated = Number.parseInt(replicaSet.metadata.annotations?.[MAX_REPLICAS] ?? '', 10);
  // A set resized by hand may have lost the annotation: the Deployment's current size stands in for it.
  const before =
    Number.isNaN(annotated) || annotated === 0 ? (deploymentStatus(deployment).replicas ?? 0) : annotated;
  if (before === 0) return 0;
  return Math.round((size * (replicas + maxSurge(deployment))) / before) - size;
}

/** GetReplicaSetProportion: a set's share of `toAdd`, never beyond what is left after `added`. */
export function replicaSetProportion(
  replicaSet: KubeObject,
  deployment: KubeObject,
  toAdd: number,
  added: number,
): number {
  if (replicasOf(replicaSet) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(replicaSet, deployment);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

export function revisionOf(object: KubeObject): number {
  const revision = Number.parseInt(object.metadata.annotations?.[REVISION] ?? '', 10);
  return Number.isNaN(revision) ? 0 : revision;
}

export function specReplicas(replicaSets: KubeObject[]): number {
  return replicaSets.reduce((sum, replicaSet) => sum + replicasOf(replicaSet), 0);
}

function statusCount(
  replicaSets: KubeObject[],
  field: 'replicas' | 'readyReplicas' | 'availableReplicas',
): number {
  return replicaSets.reduce(
    (sum, rs) => sum + Number((rs.status as Record<string, number> | undefined)?.[field] ?? 0),
    0,
  );
}

export function availableReplicas(replicaSets: KubeObject[]): number {
  return statusCount(replicaSets, 'availableReplicas');
}

export function condition(status: DeploymentStatus, type: string): Condition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: Date,
): Condition {
  const at = apiTime(now);
  return { type, status, lastUpdateTime: at, lastTransitionTime: at, reason, message };
}

/** SetDeploymentCondition: the same status and reason change nothing; the same status keeps its transition. */
export function setCondition(status: DeploymentStatus, next: Condition): void {
  const current = condition(status, next.type);
  if (current && current.status === next.status && current.reason === next.reason) return;
  const kept =
    current && current.status === next.status
      ? { ...next, lastTransitionTime: current.lastTransitionTime }
      : next;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== next.type), kept];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
}

/** calculateStatus: counts summed over the ReplicaSets, and the Available condition. */
export function calculateStatus(
  deployment: KubeObject,
  all: KubeObject[],
  newRS: KubeObject | undefined,
  now: Date,
) {
  const previous = deploymentStatus(deployment);
  const available = availableReplicas(all);
  const status: DeploymentStatus = {
    ...nonZero({
      replicas: statusCount(all, 'replicas'),
      updatedReplicas: newRS ? statusCount([newRS], 'replicas') : 0,
      readyReplicas: statusCount(all, 'readyReplicas'),
      availableReplicas: available,
      unavailableReplicas: Math.max(specReplicas(all) - available, 0),
      observedGeneration: deployment.metadata.generation ?? 0,
    }),
    ...(previous.collisionCount !== undefined && { collisionCount: previous.collisionCount }),
    conditions: [...(previous.conditions ?? [])],
  };
  if (available >= replicasOf(deployment) - maxUnavailable(deployment)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/**
 * getReplicaFailures: a ReplicaSet's ReplicaFailure condition (the new one's first) becomes the
 * Deployment's, with its reason and message; none left, the Deployment's goes.
 */
export function copyReplicaFailure(
  status: DeploymentStatus,
  newRS: KubeObject | undefined,
  all: KubeObject[],
): void {
  const failureOf = (replicaSet: KubeObject) => condition(deploymentStatus(replicaSet), 'ReplicaFailure');
  const failure = (newRS && failureOf(newRS)) ?? all.map(failureOf).find((found) => found !== undefined);
  if (failure) setCondition(status, { ...failure, lastUpdateTime: failure.lastTransitionTime });
  else removeCondition(status, 'ReplicaFailure');
}

export function hasProgressDeadline(deployment: KubeObject): boolean {
  const deadline = deploymentSpec(deployment).progressDeadlineSeconds;
  return deadline === undefined || deadline < 2 ** 31 - 1;
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function isComplete(deployment: KubeObject, status: DeploymentStatus): boolean {
  const replicas = replicasOf(deployment);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than last time. */
export function isProgressing(deployment: KubeObject, next: DeploymentStatus): boolean {
  const old = deploymentStatus(deployment);
  const oldReplicas = (status: DeploymentStatus) => (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    oldReplicas(next) < oldReplicas(old) ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress for progressDeadlineSeconds since the Progressing condition last changed. */
export function hasTimedOut(deployment: KubeObject, status: DeploymentStatus, now: Date): boolean {
  if (!hasProgressDeadline(deployment)) return false;
  const progressing = condition(status, 'Progressing');
  if (!progressing || progressing.reason === 'NewReplicaSetAvailable') return false;
  if (progressing.reason === 'ProgressDeadlineExceeded') return true;
  const deadline = (deploymentSpec(deployment).progressDeadlineSeconds ?? 600) * 1000;
  return Date.parse(progressing.lastUpdateTime ?? '') + deadline < now.getTime();
}

/** syncRolloutStatus's Progressing condition: complete, progressing, or timed out. */
export function setProgress(
  deployment: KubeObject,
  status: DeploymentStatus,
  newRS: KubeObject | undefined,
  now: Date,
) {
  if (!hasProgressDeadline(deployment)) {
    removeCondition(status, 'Progressing');
    return;
  }
  const current = condition(deploymentStatus(deployment), 'Progressing');
  const subject = newRS ? `ReplicaSet "${nameOf(newRS)}"` : `Deployment "${nameOf(deployment)}"`;
  const completeBefore =
    status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (completeBefore) return;
  if (isComplete(deployment, status)) {
    setCondition(
      status,
      newCondition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `${subject} has successfully progressed.`,
        now,
      ),
    );
  } else if (isProgressing(deployment, status)) {
    const next = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `${subject} is progressing.`, now);
    if (current?.status === 'True') next.lastTransitionTime = current.lastTransitionTime;
    removeCondition(status, 'Progressing');
    setCondition(status, next);
  } else if (hasTimedOut(deployment, status, now)) {
    setCondition(
      status,
      newCondition(
        'Progressing',
        'False',
        'ProgressDeadlineExceeded',
        `${subject} has timed out progressing.`,
        now,
      ),
    );
  }
}
