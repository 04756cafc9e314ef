import type { KubeObject } from '../k8s/index.js';
import { type JsonRecord, recordAt, recordsIn } from './records.js';

/** One object's state in a word or two, and whether it is what its owner wants. */
export interface ObjectStatus {
  status: string;
  healthy: boolean;
  /** What a reader wants next to the name of an unhealthy one, e.g. `1/2` ready replicas. */
  detail?: string;
}

/** Pods, workloads, jobs and nodes have a status worth counting; other kinds have none (undefined). */
export function objectStatus(object: KubeObject): ObjectStatus | undefined {
  switch (kindOf(object)) {
    case 'Pod':
      return podStatus(object);
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return replicaStatus(
        numberAt(object, 'status', 'readyReplicas'),
        numberAt(object, 'spec', 'replicas') ?? 1,
      );
    case 'DaemonSet':
      return replicaStatus(
        numberAt(object, 'status', 'numberReady'),
        numberAt(object, 'status', 'desiredNumberScheduled') ?? 0,
      );
    case 'Job':
      return jobStatus(object);
    case 'Node':
      return nodeStatus(object);
    default:
      return undefined;
  }
}

/** The object's kind, or for the kind-less items of a typed list, the kind its fields reveal. */
function kindOf(object: KubeObject): string | undefined {
  if (object.kind) return object.kind;
  const spec = recordAt(object, 'spec');
  const status = recordAt(object, 'status');
  if (Array.isArray(spec?.containers)) return 'Pod';
  if (status && 'desiredNumberScheduled' in status) return 'DaemonSet';
  if (spec?.template && ('completions' in spec || 'backoffLimit' in spec)) return 'Job';
  if (spec?.template && 'replicas' in spec) return 'Deployment';
  if (status && 'nodeInfo' in status) return 'Node';
  return undefined;
}

/** As kubectl's STATUS column: a waiting or failing container's reason wins over the pod's phase. */
function podStatus(pod: KubeObject): ObjectStatus {
  if (pod.metadata?.deletionTimestamp) return { status: 'Terminating', healthy: false };
  const status = recordAt(pod, 'status');
  const phase = typeof status?.phase === 'string' ? status.phase : 'Unknown';
  if (typeof status?.reason === 'string') return { status: status.reason, healthy: false };
  const initProblem = containerProblem(recordsIn(status, 'initContainerStatuses'), 'PodInitializing');
  if (initProblem) return { status: `Init:${initProblem}`, healthy: false };
  const problem = containerProblem(recordsIn(status, 'containerStatuses'), 'ContainerCreating');
  if (problem) return { status: problem, healthy: false };
  if (phase === 'Succeeded') return { status: 'Completed', healthy: true };
  if (phase === 'Running' && conditionStatus(status, 'Ready') === 'False') {
    return { status: 'Running (not ready)', healthy: false };
  }
  return { status: phase, healthy: phase === 'Running' };
}

/** A waiting container's reason (except the normal one while starting) or a failed container's. */
function containerProblem(statuses: JsonRecord[], startingReason: string): string | undefined {
  for (const containerStatus of statuses) {
    const waiting = recordAt(containerStatus, 'state', 'waiting');
    if (typeof waiting?.reason === 'string' && waiting.reason !== startingReason) return waiting.reason;
    const terminated = recordAt(containerStatus, 'state', 'terminated');
    if (terminated && terminated.exitCode !== 0) {
      return typeof terminated.reason === 'string' ? terminated.reason : 'Error';
    }
  }
  return undefined;
}

function replicaStatus(ready: number | undefined, desired: number): ObjectStatus {
  const healthy = (ready ?? 0) >= desired;
  return { status: healthy ? 'ready' : 'not ready', healthy, detail: `${ready ?? 0}/${desired}` };
}

function jobStatus(job: KubeObject): ObjectStatus {
  const status = recordAt(job, 'status');
  if (conditionStatus(status, 'Complete') === 'True') return { status: 'Complete', healthy: true };
  if (conditionStatus(status, 'Failed') === 'True') return { status: 'Failed', healthy: false };
  if (recordAt(job, 'spec')?.suspend === true) return { status: 'Suspended', healthy: true };
  return { status: 'Running', healthy: true };
}

function nodeStatus(node: KubeObject): ObjectStatus {
  const ready = conditionStatus(recordAt(node, 'status'), 'Ready') === 'True';
  const schedulable = recordAt(node, 'spec')?.unschedulable !== true;
  const status = `${ready ? 'Ready' : 'NotReady'}${schedulable ? '' : ',SchedulingDisabled'}`;
  return { status, healthy: ready && schedulable };
}

function conditionStatus(status: JsonRecord | undefined, type: string): unknown {
  return recordsIn(status, 'conditions').find((condition) => condition.type === type)?.status;
}

function numberAt(object: KubeObject, section: 'spec' | 'status', field: string): number | undefined {
  const value = recordAt(object, section)?.[field];
  return typeof value === 'number' ? value : undefined;
}
