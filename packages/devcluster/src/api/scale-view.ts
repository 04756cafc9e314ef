// The autoscaling/v1 Scale view of a workload (`kubectl scale`, HPAs): spec.replicas of the
// parent object, with its status replicas and selector.

import type { SimulatedCluster } from '../cluster.js';
import type { KubeObject, ResourceType } from '../types.js';

export interface ScalePaths {
  specReplicas: string;
  statusReplicas: string;
  labelSelector?: string;
}

const BUILT_IN_PATHS: ScalePaths = { specReplicas: '.spec.replicas', statusReplicas: '.status.replicas' };

interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function selectorText(selector: LabelSelectorSpec | undefined): string {
  if (!selector) return '';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = `(${(expression.values ?? []).join(',')})`;
    if (expression.operator === 'In') parts.push(`${expression.key} in ${values}`);
    else if (expression.operator === 'NotIn') parts.push(`${expression.key} notin ${values}`);
    else if (expression.operator === 'Exists') parts.push(expression.key);
    else if (expression.operator === 'DoesNotExist') parts.push(`!${expression.key}`);
  }
  return parts.sort().join(',');
}

function readPath(object: unknown, path: string): unknown {
  let current = object;
  for (const part of path.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean);
  let current = object;
  for (const part of parts.slice(0, -1)) {
    if (current[part] === null || typeof current[part] !== 'object') current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (last) current[last] = value;
}

export function scalePaths(cluster: SimulatedCluster, resource: ResourceType): ScalePaths {
  const crd = cluster.registry.crdOf(resource);
  if (!crd) return BUILT_IN_PATHS;
  const versions = (
    crd.spec as { versions: { name: string; subresources?: { scale?: Record<string, string> } }[] }
  ).versions;
  const scale = versions.find((version) => version.name === resource.version)?.subresources?.scale ?? {};
  return {
    specReplicas: scale.specReplicasPath ?? BUILT_IN_PATHS.specReplicas,
    statusReplicas: scale.statusReplicasPath ?? BUILT_IN_PATHS.statusReplicas,
    ...(scale.labelSelectorPath ? { labelSelector: scale.labelSelectorPath } : {}),
  };
}

function scaleOf(parent: KubeObject, paths: ScalePaths): KubeObject {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = parent.metadata;
  const selector = paths.labelSelector
    ? String(readPath(parent, paths.labelSelector) ?? '')
    : selectorText((parent.spec as { selector?: LabelSelectorSpec } | undefined)?.selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, ...(namespace ? { namespace } : {}), uid, resourceVersion, creationTimestamp },
    spec: { replicas: Number(readPath(parent, paths.specReplicas) ?? 1) },
    status: {
      replicas: Number(readPath(parent, paths.statusReplicas) ?? 0),
      ...(selector ? { selector } : {}),
    },
  };
}

/** The Scale of `object`, an object of `resource`. */
export function scaleOfObject(
  cluster: SimulatedCluster,
  resource: ResourceType,
  object: KubeObject,
): KubeObject {
  return scaleOf(object, scalePaths(cluster, resource));
}
