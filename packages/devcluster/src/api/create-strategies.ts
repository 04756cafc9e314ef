import { defaultedPodSpec } from '../admission/pod-defaults.js';
import type { KubeObject, ResourceType } from '../types.js';

// What each kind's registry strategy (PrepareForCreate), defaulting and admission do to a new
// object: clients never set status on create, and a pod's spec gets the server's defaults.

interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

function qosClass(pod: KubeObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = (
    (pod.spec as { containers?: { resources?: ResourceRequirements }[] } | undefined)?.containers ?? []
  ).map((container) => container.resources ?? {});
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

export function prepareForCreate(resource: ResourceType, object: KubeObject): void {
  const isPod = resource.kind === 'Pod' && resource.group === '';
  if (isPod) object.spec = defaultedPodSpec((object.spec ?? {}) as Record<string, unknown>);
  if (!resource.subresources.includes('status') || resource.kind === 'Namespace') return;
  delete object.status;
  if (isPod) object.status = { phase: 'Pending', qosClass: qosClass(object) };
}

/**
 * The Secret strategy on every write: the type defaults to Opaque, and write-only `stringData`
 * is folded into base64 `data`.
 */
export function prepareSecret(resource: ResourceType, object: KubeObject): void {
  if (resource.kind !== 'Secret' || resource.group !== '') return;
  if (object.type === undefined || object.type === '') object.type = 'Opaque';
  if (object.stringData === undefined) return;
  const data = { ...(object.data as Record<string, string> | undefined) };
  for (const [key, value] of Object.entries(object.stringData as Record<string, string>)) {
    data[key] = Buffer.from(String(value)).toString('base64');
  }
  object.data = data;
  delete object.stringData;
}
