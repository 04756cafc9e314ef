// An HPA's scaling rules (spec.behavior): how far one sync may move the replicas. Each policy
// allows a change (a number of pods, or a percentage of the current count); selectPolicy Max takes
// the one allowing most, Min the one allowing least, Disabled none. Without rules: the API's
// defaults (up: 4 pods or 100%, down: 100%). The controller syncs once per policy period (15 s).

export interface ScalingPolicy {
  type?: string;
  value?: number;
  periodSeconds?: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: ScalingPolicy[];
}

const DEFAULT_UP: ScalingPolicy[] = [
  { type: 'Pods', value: 4 },
  { type: 'Percent', value: 100 },
];
const DEFAULT_DOWN: ScalingPolicy[] = [{ type: 'Percent', value: 100 }];

/** The most replicas one sync may scale up to. */
export function scaleUpLimit(rules: ScalingRules | undefined, current: number): number {
  if (rules?.selectPolicy === 'Disabled') return current;
  const allowed = (rules?.policies ?? DEFAULT_UP).map((policy) =>
    policy.type === 'Pods'
      ? current + (policy.value ?? 0)
      : Math.ceil(current * (1 + (policy.value ?? 0) / 100)),
  );
  return rules?.selectPolicy === 'Min' ? Math.min(...allowed) : Math.max(...allowed);
}

/** The fewest replicas one sync may scale down to. */
export function scaleDownLimit(rules: ScalingRules | undefined, current: number): number {
  if (rules?.selectPolicy === 'Disabled') return current;
  const allowed = (rules?.policies ?? DEFAULT_DOWN).map((policy) =>
    policy.type === 'Pods'
      ? current - (policy.value ?? 0)
      : Math.ceil(current * (1 - (policy.value ?? 0) / 100)),
  );
  return Math.max(0, rules?.selectPolicy === 'Min' ? Math.max(...allowed) : Math.min(...allowed));
}
