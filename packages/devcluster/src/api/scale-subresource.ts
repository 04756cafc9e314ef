import { recordUpdate } from '../apply/index.js';
import type { SimulatedCluster } from '../cluster.js';
import { applyPatch, patchMediaType } from '../patch/patch-object.js';
import type { KubeObject } from '../types.js';
import { getObject, isCustomResource, type ResourceTarget, storeNextState } from './resource-handlers.js';
import { badRequest, conflict, invalid, STALE_OBJECT } from './status.js';
import { isDryRun, type OptionsKind, updateManager, type WriteRequest } from './write-options.js';

// The autoscaling/v1 Scale view of a workload (`kubectl scale`, HPAs): spec.replicas of the
// parent object, with its status replicas and selector.

interface ScalePaths {
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

function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean);
  let current = object;
  for (const part of parts.slice(0, -1)) {
    if (current[part] === null || typeof current[part] !== 'object') current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (last) current[last] = value;
}

function scalePaths(cluster: SimulatedCluster, target: ResourceTarget): ScalePaths {
  const crd = cluster.registry.crdOf(target.resource);
  if (!crd) return BUILT_IN_PATHS;
  const versions = (
    crd.spec as { versions: { name: string; subresources?: { scale?: Record<string, string> } }[] }
  ).versions;
  const scale =
    versions.find((version) => version.name === target.resource.version)?.subresources?.scale ?? {};
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

export function getScale(cluster: SimulatedCluster, target: ResourceTarget): KubeObject {
  return scaleOf(getObject(cluster, { ...target, subresource: '' }), scalePaths(cluster, target));
}

function replicasOf(scale: KubeObject, name: string): number {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw badRequest(
      `Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal into Go struct field ScaleSpec.spec.replicas of type int32`,
    );
  }
  if (replicas < 0) {
    throw invalid('Scale', 'autoscaling', name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
      },
    ]);
  }
  return replicas;
}

function writeScale(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  parent: KubeObject,
  scale: KubeObject,
  request: WriteRequest,
  kind: OptionsKind,
): KubeObject {
  const dryRun = isDryRun(request.query, kind);
  const expected = scale.metadata.resourceVersion;
  if (expected && expected !== parent.metadata.resourceVersion) {
    throw conflict(
      { group: target.resource.group, resource: target.resource.plural },
      target.name,
      STALE_OBJECT,
    );
  }
  const paths = scalePaths(cluster, target);
  const next = structuredClone(parent);
  writePath(next, paths.specReplicas, replicasOf(scale, target.name));
  const tracked = recordUpdate(parent, next, {
    manager: updateManager(request, kind),
    operation: 'Update',
    now: request.now,
    subresource: 'scale',
  });
  const stored = storeNextState(cluster, { ...target, subresource: '' }, parent, tracked, dryRun);
  return scaleOf(stored, paths);
}

export function updateScale(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  body: Record<string, unknown>,
  request: WriteRequest,
): KubeObject {
  const parent = getObject(cluster, { ...target, subresource: '' });
  return writeScale(cluster, target, parent, body as KubeObject, request, 'UpdateOptions');
}

export function patchScale(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  contentType: string | undefined,
  body: Buffer,
  request: WriteRequest,
): KubeObject {
  if (patchMediaType(contentType ?? '') === 'application/apply-patch+yaml') {
    throw badRequest('server-side apply is not supported on the scale subresource of the simulator');
  }
  const parent = getObject(cluster, { ...target, subresource: '' });
  const current = scaleOf(parent, scalePaths(cluster, target));
  const patched = applyPatch(current, contentType ?? '', body, {
    isCustomResource: isCustomResource(cluster, target.resource),
  });
  return writeScale(cluster, target, parent, patched, request, 'PatchOptions');
}
