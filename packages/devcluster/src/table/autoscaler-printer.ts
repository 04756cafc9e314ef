// HorizontalPodAutoscalers (autoscaling/v2, and v1 through its conversion), as printers.go prints them.
import { autoscalerFromV1 } from '../api/autoscaling-v1-conversion.js';
import type { KubeObject } from '../types.js';
import { ageColumn, column, nameAndAge, nameColumn, type TablePrinter } from './columns.js';
import { listWithMore } from './format.js';

interface MetricTarget {
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

interface MetricValue {
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; target?: MetricTarget };
  pods?: { target?: MetricTarget };
  object?: { target?: MetricTarget };
  external?: { target?: MetricTarget };
}

interface MetricStatus {
  resource?: { current?: MetricValue };
  containerResource?: { current?: MetricValue };
  pods?: { current?: MetricValue };
  object?: { current?: MetricValue };
  external?: { current?: MetricValue };
}

interface Autoscaler extends KubeObject {
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
  };
  status?: { currentReplicas?: number; currentMetrics?: MetricStatus[] };
}

const UNKNOWN = '<unknown>';

/** A resource metric: an average value when the target is one, else a utilization in percent. */
function resourceText(name: string | undefined, target?: MetricTarget, current?: MetricValue): string {
  if (target?.averageValue !== undefined)
    return `${name ?? ''}: ${current?.averageValue ?? UNKNOWN}/${target.averageValue}`;
  const now = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : UNKNOWN;
  const wanted = target?.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
  return `${name ?? ''}: ${now}/${wanted}`;
}

/** An object or external metric: its value, or its average per pod marked `(avg)`. */
function valueText(target?: MetricTarget, current?: MetricValue): string {
  if (target?.averageValue !== undefined)
    return `${current?.averageValue ?? UNKNOWN}/${target.averageValue} (avg)`;
  return `${current?.value ?? UNKNOWN}/${target?.value ?? UNKNOWN}`;
}

function metricText(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'Resource':
      return resourceText(spec.resource?.name, spec.resource?.target, status?.resource?.current);
    case 'ContainerResource':
      return resourceText(
        spec.containerResource?.name,
        spec.containerResource?.target,
        status?.containerResource?.current,
      );
    case 'Pods':
      return `${status?.pods?.current?.averageValue ?? UNKNOWN}/${spec.pods?.target?.averageValue ?? UNKNOWN}`;
    case 'Object':
      return valueText(spec.object?.target, status?.object?.current);
    case 'External':
      return valueText(spec.external?.target, status?.external?.current);
    default:
      return `${UNKNOWN}/${UNKNOWN}`;
  }
}

/** The first two metrics with their current values, then `+ N more...`; `<none>` without metrics. */
function metricsText(autoscaler: Autoscaler): string {
  const specs = autoscaler.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const max = 2;
  const shown = specs
    .slice(0, max)
    .map((spec, index) => metricText(spec, autoscaler.status?.currentMetrics?.[index]));
  return listWithMore(shown, specs.length, max, ', ');
}

export const autoscalerPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Reference', 'string', 'Reference to target resource'),
    column('Targets', 'string', 'Targets for metrics'),
    column('MinPods', 'string', 'Minimum number of pods'),
    column('MaxPods', 'integer', 'Maximum number of pods'),
    column('Replicas', 'integer', 'Current replicas'),
    ageColumn,
  ],
  cells(object, now) {
    // The internal type is printed: a v1 object is read as the v2 object it is stored as.
    const autoscaler = (
      object.apiVersion === 'autoscaling/v1' ? autoscalerFromV1(object) : object
    ) as Autoscaler;
    const [name, age] = nameAndAge(autoscaler, now);
    const target = autoscaler.spec?.scaleTargetRef;
    return [
      name,
      `${target?.kind ?? ''}/${target?.name ?? ''}`,
      metricsText(autoscaler),
      autoscaler.spec?.minReplicas !== undefined ? String(autoscaler.spec.minReplicas) : '<unset>',
      autoscaler.spec?.maxReplicas ?? 0,
      autoscaler.status?.currentReplicas ?? 0,
      age,
    ];
  },
};
