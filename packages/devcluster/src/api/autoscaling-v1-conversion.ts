// HorizontalPodAutoscalers are stored as autoscaling/v2 and served as autoscaling/v1 as well, as
// kube-apiserver converts them (pkg/apis/autoscaling/v1/conversion.go). v1 says only a CPU
// utilization target; what else a v2 object holds (other metrics, their current values, the
// conditions, the behavior) travels in the annotations the real conversion uses, so that a v1
// read-modify-write loses nothing. (Their JSON is in v2's shape here, where the real one writes
// the older v2beta1 shape: only a v1 client reading them would see the difference.)
import type { KubeObject } from '../types.js';

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';

interface Metric {
  type?: string;
  resource?: { name?: string; target?: { type?: string; averageUtilization?: number } };
}

interface MetricStatus {
  type?: string;
  resource?: { name?: string; current?: { averageUtilization?: number } };
}

interface V2Spec {
  scaleTargetRef?: unknown;
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: Metric[];
  behavior?: unknown;
}

interface V2Status {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: MetricStatus[];
  conditions?: unknown[];
}

interface V1Spec {
  scaleTargetRef?: unknown;
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number;
}

interface V1Status {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas?: number;
  desiredReplicas?: number;
  currentCPUUtilizationPercentage?: number;
}

function isCpuUtilization(metric: Metric): boolean {
  return (
    metric.type === 'Resource' &&
    metric.resource?.name === 'cpu' &&
    metric.resource.target?.averageUtilization !== undefined
  );
}

/** Drops undefined fields, as Go's omitempty leaves them out. */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

export function autoscalerToV1(stored: KubeObject): KubeObject {
  const spec = (stored.spec ?? {}) as V2Spec;
  const status = stored.status as V2Status | undefined;
  const metrics = spec.metrics ?? [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((metric) => !isCpuUtilization(metric));
  const currentCpu = status?.currentMetrics?.find(
    (metric) => metric.type === 'Resource' && metric.resource?.name === 'cpu',
  );
  const annotations: Record<string, string> = defined<Record<string, string | undefined>>({
    ...stored.metadata.annotations,
    [METRICS]: others.length > 0 ? JSON.stringify(others) : undefined,
    [CURRENT_METRICS]: status?.currentMetrics?.length ? JSON.stringify(status.currentMetrics) : undefined,
    [CONDITIONS]: status?.conditions?.length ? JSON.stringify(status.conditions) : undefined,
    [BEHAVIOR]: spec.behavior !== undefined ? JSON.stringify(spec.behavior) : undefined,
  }) as Record<string, string>;
  const v1Spec: V1Spec = defined({
    scaleTargetRef: spec.scaleTargetRef,
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
  });
  const v1Status: V1Status | undefined =
    status &&
    defined({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCpu?.resource?.current?.averageUtilization,
    });
  return {
    ...stored,
    apiVersion: 'autoscaling/v1',
    metadata: {
      ...stored.metadata,
      ...(Object.keys(annotations).length > 0 && { annotations }),
    },
    spec: v1Spec,
    ...(v1Status && { status: v1Status }),
  };
}

function parsed<T>(annotations: Record<string, string>, key: string): T | undefined {
  const text = annotations[key];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function autoscalerFromV1(served: KubeObject): KubeObject {
  const spec = (served.spec ?? {}) as V1Spec;
  const status = served.status as V1Status | undefined;
  const annotations = { ...served.metadata.annotations };
  const others = parsed<Metric[]>(annotations, METRICS) ?? [];
  const currentMetrics = parsed<MetricStatus[]>(annotations, CURRENT_METRICS);
  const conditions = parsed<unknown[]>(annotations, CONDITIONS);
  const behavior = parsed<unknown>(annotations, BEHAVIOR);
  for (const key of [METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR]) delete annotations[key];
  const cpu: Metric[] =
    spec.targetCPUUtilizationPercentage === undefined
      ? []
      : [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
            },
          },
        ];
  const metrics = [...cpu, ...others];
  const cpuStatus: MetricStatus[] =
    status?.currentCPUUtilizationPercentage === undefined
      ? []
      : [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              current: { averageUtilization: status.currentCPUUtilizationPercentage },
            },
          },
        ];
  const v2Status: V2Status | undefined =
    status &&
    defined({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas,
      desiredReplicas: status.desiredReplicas,
      currentMetrics: currentMetrics ?? (cpuStatus.length > 0 ? cpuStatus : undefined),
      conditions,
    });
  const { annotations: _dropped, ...metadata } = served.metadata;
  return {
    ...served,
    apiVersion: 'autoscaling/v2',
    metadata: { ...metadata, ...(Object.keys(annotations).length > 0 && { annotations }) },
    spec: defined({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: metrics.length > 0 ? metrics : undefined,
      behavior,
    }),
    ...(v2Status && { status: v2Status }),
  };
}
