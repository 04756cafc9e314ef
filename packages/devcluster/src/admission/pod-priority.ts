// The Priority admission plugin and the PriorityClasses kube-apiserver creates at start-up: a pod
// naming a class gets its value and preemption policy, a pod naming none gets the global default
// class (the lowest if several are marked) or priority 0, and a pod naming a class that does not
// exist is refused.
import { PODS } from '../api/group-resources.js';
import type { GroupResource } from '../api/status.js';
import type { ObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { admissionForbidden } from './admission-forbidden.js';

export const PRIORITY_CLASSES: GroupResource = { group: 'scheduling.k8s.io', resource: 'priorityclasses' };
const DEFAULT_PREEMPTION = 'PreemptLowerPriority';

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

function systemClass(name: string, value: number, description: string): KubeObject {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    globalDefault: false,
    description,
    preemptionPolicy: DEFAULT_PREEMPTION,
  };
}

/** system-node-critical and system-cluster-critical, as the scheduling API's bootstrap makes them. */
export function systemPriorityClasses(): KubeObject[] {
  return [
    systemClass(
      'system-node-critical',
      2_000_001_000,
      'Used for system critical pods that must not be moved from their current node.',
    ),
    systemClass(
      'system-cluster-critical',
      2_000_000_000,
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    ),
  ];
}

export function admitPodPriority(store: ObjectStore, pod: KubeObject): void {
  const spec = (pod.spec ?? {}) as {
    priorityClassName?: string;
    priority?: number;
    preemptionPolicy?: string;
  };
  const classes = store.list(PRIORITY_CLASSES) as PriorityClass[];
  // Of several global defaults, the lowest value wins.
  const named = spec.priorityClassName
    ? classes.find((candidate) => candidate.metadata.name === spec.priorityClassName)
    : classes
        .filter((candidate) => candidate.globalDefault)
        .sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
  if (spec.priorityClassName && !named)
    throw admissionForbidden(PODS, pod, `no PriorityClass with name ${spec.priorityClassName} was found`);
  if (named) spec.priorityClassName = named.metadata.name;
  spec.priority = named?.value ?? 0;
  spec.preemptionPolicy = named?.preemptionPolicy ?? spec.preemptionPolicy ?? DEFAULT_PREEMPTION;
  pod.spec = spec;
}
