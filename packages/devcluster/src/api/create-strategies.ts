import { defaultedPodSpec } from '../admission/pod-defaults.js';
import { qosClass } from '../admission/qos-class.js';
import type { KubeObject, ResourceType } from '../types.js';

// What each kind's registry strategy (PrepareForCreate), defaulting and admission do to a new
// object: clients never set status on create, and a pod's spec gets the server's defaults.

export function prepareForCreate(resource: ResourceType, object: KubeObject): void {
  const isPod = resource.kind === 'Pod' && resource.group === '';
  if (isPod) object.spec = defaultedPodSpec((object.spec ?? {}) as Record<string, unknown>);
  if (!resource.subresources.includes('status') || resource.kind === 'Namespace') return;
  delete object.status;
  if (isPod) object.status = { phase: 'Pending', qosClass: qosClass(object) };
}

/** What the API server's defaulting and strategies do to an object on every write (create or update). */
export function prepareWrite(resource: ResourceType, object: KubeObject): void {
  if (resource.group === 'autoscaling' && resource.kind === 'HorizontalPodAutoscaler')
    defaultAutoscaler(object);
  if (resource.group === 'scheduling.k8s.io' && resource.kind === 'PriorityClass')
    object.preemptionPolicy ??= 'PreemptLowerPriority';
  if (resource.group !== '') return;
  if (resource.kind === 'Secret') prepareSecret(object);
  if (resource.kind === 'LimitRange') defaultLimitRange(object);
}

const POLICY_PERIOD_SECONDS = 15;

/**
 * autoscaling/v2 defaulting: one replica at least, CPU at 80% of requests when no metric is named,
 * and the default behaviour spelt out (scale-up by 4 pods or 100% per 15 s with no window,
 * scale-down by 100% per 15 s after a 5-minute window), each part only where it is missing.
 */
function defaultAutoscaler(object: KubeObject): void {
  type Rules = { stabilizationWindowSeconds?: number; selectPolicy?: string; policies?: unknown[] };
  const spec = (object.spec ?? {}) as {
    minReplicas?: number;
    metrics?: unknown[];
    behavior?: { scaleUp?: Rules; scaleDown?: Rules };
  };
  spec.minReplicas ??= 1;
  if (!spec.metrics?.length) {
    spec.metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  }
  const percent = { type: 'Percent', value: 100, periodSeconds: POLICY_PERIOD_SECONDS };
  const rules = (given: Rules | undefined, window: number, policies: unknown[]): Rules => ({
    stabilizationWindowSeconds: window,
    selectPolicy: 'Max',
    policies,
    ...given,
  });
  spec.behavior = {
    scaleUp: rules(spec.behavior?.scaleUp, 0, [
      { type: 'Pods', value: 4, periodSeconds: POLICY_PERIOD_SECONDS },
      percent,
    ]),
    scaleDown: rules(spec.behavior?.scaleDown, 300, [percent]),
  };
  object.spec = spec;
}

interface LimitRangeItem {
  type?: string;
  max?: Record<string, string>;
  min?: Record<string, string>;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
}

/**
 * core/v1 defaulting of a Container limit: a missing default limit is the max, a missing default
 * request the default limit, else the min, resource by resource.
 */
function defaultLimitRange(object: KubeObject): void {
  for (const item of (object.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? []) {
    if (item.type !== 'Container') continue;
    const defaults = { ...item.max, ...item.default };
    if (Object.keys(defaults).length > 0) item.default = defaults;
    const requests = { ...item.min, ...item.default, ...item.defaultRequest };
    if (Object.keys(requests).length > 0) item.defaultRequest = requests;
  }
}

/** The Secret strategy: the type defaults to Opaque, and write-only `stringData` is folded into base64 `data`. */
function prepareSecret(object: KubeObject): void {
  if (object.type === undefined || object.type === '') object.type = 'Opaque';
  if (object.stringData === undefined) return;
  const data = { ...(object.data as Record<string, string> | undefined) };
  for (const [key, value] of Object.entries(object.stringData as Record<string, string>)) {
    data[key] = Buffer.from(String(value)).toString('base64');
  }
  object.data = data;
  delete object.stringData;
}
