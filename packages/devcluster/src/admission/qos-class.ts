// A pod's QoS class, as the API server sets it in status.qosClass from its containers' resources.
import type { KubeObject } from '../types.js';

export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The class of a pod whose containers have these resources (a request defaults to its limit). */
export function containersQosClass(containers: ResourceRequirements[]): QosClass {
  const hasAny = containers.some(
    (r) => Object.keys(r.requests ?? {}).length > 0 || Object.keys(r.limits ?? {}).length > 0,
  );
  if (!hasAny) return 'BestEffort';
  const guaranteed = containers.every((r) => {
    const limits = r.limits ?? {};
    const requests = { ...limits, ...r.requests };
    return ['cpu', 'memory'].every((name) => limits[name] !== undefined && requests[name] === limits[name]);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function qosClass(pod: KubeObject): QosClass {
  const containers =
    (pod.spec as { containers?: { resources?: ResourceRequirements }[] } | undefined)?.containers ?? [];
  return containersQosClass(containers.map((container) => container.resources ?? {}));
}
