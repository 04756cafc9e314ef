import type { KubeObject } from '../../k8s/index.js';

// Whether a rollout is done, worded as `kubectl rollout status` words it, for each workload kind.

export interface RolloutState {
  done: boolean;
  /** The rollout cannot finish on its own (progress deadline exceeded, or no rolling strategy). */
  failed?: boolean;
  message: string;
}

interface Workload extends KubeObject {
  spec?: {
    replicas?: number;
    paused?: boolean;
    updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentRevision?: string;
    updateRevision?: string;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  };
}

function observed(workload: Workload): boolean {
  const observedGeneration = workload.status?.observedGeneration ?? 0;
  return observedGeneration > 0 && (workload.metadata?.generation ?? 0) <= observedGeneration;
}

function deploymentState(deployment: Workload): RolloutState {
  const name = deployment.metadata?.name ?? '';
  const waiting = (what: string): RolloutState => ({
    done: false,
    message: `Waiting for deployment "${name}" rollout to finish: ${what}...`,
  });
  if (!observed(deployment))
    return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  const status = deployment.status ?? {};
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
  }
  // Its pods are refused (a quota, a LimitRange, an admission webhook): waiting would not help.
  const failure = status.conditions?.find((condition) => condition.type === 'ReplicaFailure');
  if (failure?.status === 'True') {
    return {
      done: false,
      failed: true,
      message: `deployment "${name}" cannot create its pods (${failure.reason ?? 'ReplicaFailure'}): ${failure.message ?? ''}`,
    };
  }
  const desired = deployment.spec?.replicas ?? 1;
  const updated = status.updatedReplicas ?? 0;
  if (updated < desired) return waiting(`${updated} out of ${desired} new replicas have been updated`);
  if ((status.replicas ?? 0) > updated) {
    return waiting(`${(status.replicas ?? 0) - updated} old replicas are pending termination`);
  }
  if ((status.availableReplicas ?? 0) < updated) {
    return waiting(`${status.availableReplicas ?? 0} of ${updated} updated replicas are available`);
  }
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

function notRolling(kind: string): RolloutState {
  return {
    done: false,
    failed: true,
    message: `rollout status is only available for the RollingUpdate strategy; this ${kind} uses OnDelete`,
  };
}

function statefulSetState(statefulSet: Workload): RolloutState {
  if (statefulSet.spec?.updateStrategy?.type === 'OnDelete') return notRolling('statefulset');
  if (!observed(statefulSet))
    return { done: false, message: 'Waiting for statefulset spec update to be observed...' };
  const status = statefulSet.status ?? {};
  const desired = statefulSet.spec?.replicas ?? 1;
  if ((status.readyReplicas ?? 0) < desired) {
    return {
      done: false,
      message: `Waiting for ${desired - (status.readyReplicas ?? 0)} pods to be ready...`,
    };
  }
  const partition = statefulSet.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  if (partition > 0) {
    const updated = status.updatedReplicas ?? 0;
    const expected = desired - partition;
    return updated < expected
      ? {
          done: false,
          message:
            `Waiting for partitioned roll out to finish: ${updated} out of ${expected} ` +
            'new pods have been updated...',
        }
      : { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  if (status.updateRevision !== status.currentRevision) {
    return {
      done: false,
      message:
        `waiting for statefulset rolling update to complete ${status.updatedReplicas ?? 0} pods ` +
        `at revision ${status.updateRevision}...`,
    };
  }
  return {
    done: true,
    message: `statefulset rolling update complete ${desired} pods at revision ${status.currentRevision}...`,
  };
}

function daemonSetState(daemonSet: Workload): RolloutState {
  const name = daemonSet.metadata?.name ?? '';
  if (daemonSet.spec?.updateStrategy?.type === 'OnDelete') return notRolling('daemonset');
  if (!observed(daemonSet))
    return { done: false, message: 'Waiting for daemon set spec update to be observed...' };
  const status = daemonSet.status ?? {};
  const desired = status.desiredNumberScheduled ?? 0;
  const updated = status.updatedNumberScheduled ?? 0;
  const waiting = (what: string) => ({
    done: false,
    message: `Waiting for daemon set "${name}" rollout to finish: ${what}...`,
  });
  if (updated < desired) return waiting(`${updated} out of ${desired} new pods have been updated`);
  if ((status.numberAvailable ?? 0) < desired) {
    return waiting(`${status.numberAvailable ?? 0} of ${desired} updated pods are available`);
  }
  return { done: true, message: `daemon set "${name}" successfully rolled out` };
}

export function rolloutState(workload: KubeObject): RolloutState {
  switch (workload.kind) {
    case 'Deployment':
      return deploymentState(workload);
    case 'StatefulSet':
      return statefulSetState(workload);
    default:
      return daemonSetState(workload);
  }
}
