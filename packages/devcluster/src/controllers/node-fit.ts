// The scheduler's filters, as far as the simulator needs them: taints, node selection and requested resources.

import { quantity } from '../quantity.js';
import { matchesLabels } from '../selectors/label-selector.js';
import type { KubeObject } from '../types.js';
import { type LabelSelectorSpec, nameOf, selectorRequirements } from './objects.js';
import { isActive, nodeNameOf } from './pod-state.js';

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

interface NodeSelectorTerm {
  matchExpressions?: LabelSelectorSpec['matchExpressions'];
  matchFields?: LabelSelectorSpec['matchExpressions'];
}

interface PodSpec {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    };
  };
  containers?: { resources?: { requests?: Record<string, string> } }[];
}

function podSpec(pod: KubeObject): PodSpec {
  return (pod.spec ?? {}) as PodSpec;
}

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (!toleration.key) return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

/** The first NoSchedule/NoExecute taint of the node that the pod does not tolerate. */
export function untoleratedTaint(pod: KubeObject, node: KubeObject): Taint | undefined {
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter(
    (taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute',
  );
  const tolerations = podSpec(pod).tolerations ?? [];
  return taints.find((taint) => !tolerations.some((toleration) => tolerates(toleration, taint)));
}

function matchesTerm(term: NodeSelectorTerm, node: KubeObject): boolean {
  const labelsMatch = matchesLabels(
    selectorRequirements({ matchExpressions: term.matchExpressions }),
    node.metadata.labels,
  );
  const fields = { 'metadata.name': nameOf(node) };
  return labelsMatch && matchesLabels(selectorRequirements({ matchExpressions: term.matchFields }), fields);
}

/** nodeSelector and required node affinity (terms are ORed). */
export function selectsNode(pod: KubeObject, node: KubeObject): boolean {
  const spec = podSpec(pod);
  const labels = node.metadata.labels ?? {};
  if (!Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => labels[key] === value)) return false;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms || terms.some((term) => matchesTerm(term, node));
}

function requested(pod: KubeObject, resource: 'cpu' | 'memory'): number {
  return (podSpec(pod).containers ?? []).reduce(
    (sum, c) => sum + quantity(c.resources?.requests?.[resource]),
    0,
  );
}

/** The resources the pod requests that the node has not got left, given the pods already bound to it. */
export function insufficientResources(pod: KubeObject, node: KubeObject, pods: KubeObject[]): string[] {
  const allocatable =
    (node.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {};
  const onNode = pods.filter((other) => nodeNameOf(other) === nameOf(node) && isActive(other));
  return (['cpu', 'memory'] as const).filter((resource) => {
    const wanted = requested(pod, resource);
    if (wanted === 0 || allocatable[resource] === undefined) return false;
    const used = onNode.reduce((sum, other) => sum + requested(other, resource), 0);
    return used + wanted > quantity(allocatable[resource]);
  });
}

export function isSchedulable(node: KubeObject): boolean {
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable) return false;
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  const ready = conditions?.find((condition) => condition.type === 'Ready');
  return !ready || ready.status === 'True';
}

export function internalIP(node: KubeObject): string {
  const addresses = (node.status as { addresses?: { type: string; address: string }[] } | undefined)
    ?.addresses;
  return addresses?.find((address) => address.type === 'InternalIP')?.address ?? '';
}
