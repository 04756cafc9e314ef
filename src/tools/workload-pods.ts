import type { KubeObject } from '../k8s/index.js';

// Workloads find their pods the way their controllers do: by the label selector in their spec.

interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Kinds whose pods the tools look up (describe shows them, logs reads them). */
export const POD_OWNING_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

function requirementText({ key, operator, values = [] }: LabelSelectorRequirement): string {
  switch (operator) {
    case 'In':
      return `${key} in (${values.join(',')})`;
    case 'NotIn':
      return `${key} notin (${values.join(',')})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
  }
}

/** Equality requirements (`app=web`) for each label of a map, as kubectl writes a matchLabels. */
function labelEqualities(labels: Record<string, string> = {}): string[] {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`);
}

/** The workload's spec.selector as a label selector string; undefined when it has none. */
export function workloadSelector(workload: KubeObject): string | undefined {
  const selector = (workload.spec as { selector?: LabelSelector } | undefined)?.selector;
  if (!selector) return undefined;
  const parts = [
    ...labelEqualities(selector.matchLabels),
    ...(selector.matchExpressions ?? []).map(requirementText),
  ];
  return parts.length > 0 ? parts.join(',') : undefined;
}

/** A Service's spec.selector (a plain label map) as a label selector string; undefined when it has none. */
export function serviceSelector(service: KubeObject): string | undefined {
  const parts = labelEqualities(
    (service.spec as { selector?: Record<string, string> } | undefined)?.selector,
  );
  return parts.length > 0 ? parts.join(',') : undefined;
}
