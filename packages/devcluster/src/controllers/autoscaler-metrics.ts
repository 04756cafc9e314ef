// How the horizontal pod autoscaler reads a metric and turns it into a replica count
// (replica_calculator.go): the pods' usage from the simulated metrics-server against their requests.
// Resource and ContainerResource metrics are simulated; Pods, Object and External metrics need a
// custom metrics API, which the simulator does not serve.
import { isMeasured, podContainerUsage } from '../metrics/usage.js';
import { bytesText, cpuText, quantity } from '../quantity.js';
import type { KubeObject } from '../types.js';

/** The HPA's tolerance: a usage ratio within 10% of 1 changes nothing. */
const TOLERANCE = 0.1;

export interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

export interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; container?: string; target?: MetricTarget };
}

/** The default metric of an HPA that names none: CPU at 80% of its request. */
export const DEFAULT_METRIC: MetricSpec = {
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
};

export type MetricReading =
  | { ok: true; replicas: number; status: Record<string, unknown>; description: string }
  | { ok: false; reason: string; error: string };

interface Container {
  name: string;
  resources?: { requests?: Record<string, string> };
}

/** A usage in the resource's own unit (cores, bytes). */
function usageOf(
  pod: KubeObject,
  resource: string,
  container: string | undefined,
  now: Date,
  load: number,
): number {
  return podContainerUsage(pod, now, load)
    .filter((entry) => container === undefined || entry.name === container)
    .reduce((sum, entry) => sum + (resource === 'cpu' ? entry.usage.nanoCores / 1e9 : entry.usage.bytes), 0);
}

/** The pods' summed request of `resource`, or the error naming the first container without one. */
function requestsOf(pods: KubeObject[], resource: string, container: string | undefined): number | string {
  let total = 0;
  for (const pod of pods) {
    const containers = ((pod.spec as { containers?: Container[] } | undefined)?.containers ?? []).filter(
      (candidate) => container === undefined || candidate.name === container,
    );
    for (const candidate of containers) {
      const request = candidate.resources?.requests?.[resource];
      if (request === undefined)
        return `missing request for ${resource} in container ${candidate.name} of Pod ${pod.metadata.name}`;
      total += quantity(request);
    }
  }
  return total;
}

function valueText(resource: string, value: number): string {
  return resource === 'cpu' ? cpuText(value) : bytesText(Math.round(value));
}

/** The replica count one metric asks for, given the target's current replicas and its running pods. */
export function readMetric(
  metric: MetricSpec,
  currentReplicas: number,
  pods: KubeObject[],
  now: Date,
  /** Each pod's share of its workload's load, as the metrics API reports it (metrics/workload-load.ts). */
  loadOf: (pod: KubeObject) => number,
): MetricReading {
  const source = metric.type === 'ContainerResource' ? metric.containerResource : metric.resource;
  if ((metric.type !== 'Resource' && metric.type !== 'ContainerResource') || !source?.name) {
    return {
      ok: false,
      reason: `FailedGet${metric.type ?? ''}Metric`,
      error: `unable to get ${metric.type ?? 'this'} metric: the custom and external metrics APIs are not simulated`,
    };
  }
  const resource = source.name;
  const container = metric.type === 'ContainerResource' ? metric.containerResource?.container : undefined;
  const kind = metric.type === 'ContainerResource' ? 'container resource' : 'resource';
  const reason =
    metric.type === 'ContainerResource' ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const measured = pods.filter(
    (pod) => isMeasured(pod) && (pod.status as { phase?: string }).phase === 'Running',
  );
  if (measured.length === 0) {
    return {
      ok: false,
      reason,
      error: `failed to get ${resource} utilization: unable to get metrics for resource ${resource}: no metrics returned from resource metrics API`,
    };
  }
  const usage = measured.reduce((sum, pod) => sum + usageOf(pod, resource, container, now, loadOf(pod)), 0);
  const averageValue = valueText(resource, usage / measured.length);
  const target = source.target ?? {};
  const reading = (ratio: number, current: Record<string, unknown>, description: string): MetricReading => ({
    ok: true,
    replicas: replicasFor(ratio, currentReplicas, measured.length),
    status: {
      type: metric.type,
      [metric.type === 'ContainerResource' ? 'containerResource' : 'resource']: {
        name: resource,
        ...(container && { container }),
        current,
      },
    },
    description,
  });
  if (target.averageValue !== undefined) {
    const ratio = usage / measured.length / quantity(target.averageValue);
    return reading(ratio, { averageValue }, `${resource} ${kind}`);
  }
  const requests = requestsOf(measured, resource, container);
  if (typeof requests === 'string')
    return { ok: false, reason, error: `failed to get ${resource} utilization: ${requests}` };
  const utilization = Math.floor((usage * 100) / requests);
  const ratio = utilization / (target.averageUtilization ?? 80);
  return reading(
    ratio,
    { averageUtilization: utilization, averageValue },
    `${resource} ${kind} utilization (percentage of request)`,
  );
}

/** Within the tolerance the count stays; else it follows the ratio over the pods that report. */
function replicasFor(ratio: number, currentReplicas: number, reporting: number): number {
  if (Math.abs(ratio - 1) <= TOLERANCE) return currentReplicas;
  return Math.ceil(ratio * reporting);
}
