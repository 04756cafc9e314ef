// A ResourceQuota's scopes (spec.scopes, spec.scopeSelector): which objects it counts, as the pod
// evaluator's MatchingScopes decides. A quota without scopes counts every object of its namespace;
// one with scopes counts only the pods all of them match (Terminating: pods with an
// activeDeadlineSeconds; BestEffort: pods of that QoS class; PriorityClass: by priorityClassName).
import { isPods } from '../api/group-resources.js';
import type { GroupResource } from '../api/status.js';
import type { KubeObject } from '../types.js';
import { qosClass } from './qos-class.js';

interface ScopeRequirement {
  scopeName?: string;
  operator?: string;
  values?: string[];
}

export interface ScopedQuota extends KubeObject {
  spec?: {
    hard?: Record<string, string>;
    scopes?: string[];
    scopeSelector?: { matchExpressions?: ScopeRequirement[] };
  };
}

function matchesScope(pod: KubeObject, requirement: ScopeRequirement): boolean {
  const spec = (pod.spec ?? {}) as { activeDeadlineSeconds?: number; priorityClassName?: string };
  const terminating = spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds >= 0;
  switch (requirement.scopeName) {
    case 'Terminating':
      return terminating;
    case 'NotTerminating':
      return !terminating;
    case 'BestEffort':
      return qosClass(pod) === 'BestEffort';
    case 'NotBestEffort':
      return qosClass(pod) !== 'BestEffort';
    case 'PriorityClass': {
      const name = spec.priorityClassName ?? '';
      const values = requirement.values ?? [];
      if (requirement.operator === 'In') return values.includes(name);
      if (requirement.operator === 'NotIn') return !values.includes(name);
      if (requirement.operator === 'DoesNotExist') return name === '';
      return name !== '';
    }
    default:
      // CrossNamespacePodAffinity and scopes a newer API may add: not simulated, they match nothing.
      return false;
  }
}

/** Whether `quota` counts `object` (of `gr`). */
export function quotaCounts(quota: ScopedQuota, gr: GroupResource, object: KubeObject): boolean {
  const requirements: ScopeRequirement[] = [
    ...(quota.spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: 'Exists' })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
  if (requirements.length === 0) return true;
  return isPods(gr) && requirements.every((requirement) => matchesScope(object, requirement));
}
