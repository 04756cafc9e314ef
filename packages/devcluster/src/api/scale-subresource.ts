// The scale subresource (`kubectl scale`): reads and writes the Scale view of a workload (scale-view.ts).
import { recordUpdate } from '../apply/index.js';
import type { SimulatedCluster } from '../cluster.js';
import { applyPatch, patchMediaType } from '../patch/patch-object.js';
import type { KubeObject } from '../types.js';
import { getObject, isCustomResource, type ResourceTarget, storeNextState } from './resource-handlers.js';
import { scaleOfObject, scalePaths, writePath } from './scale-view.js';
import { badRequest, conflict, invalid, STALE_OBJECT } from './status.js';
import { isDryRun, type OptionsKind, updateManager, type WriteRequest } from './write-options.js';

export function getScale(cluster: SimulatedCluster, target: ResourceTarget): KubeObject {
  return scaleOfObject(cluster, target.resource, getObject(cluster, { ...target, subresource: '' }));
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
  const paths = scalePaths(cluster, target.resource);
  const next = structuredClone(parent);
  writePath(next, paths.specReplicas, replicasOf(scale, target.name));
  const tracked = recordUpdate(parent, next, {
    manager: updateManager(request, kind),
    operation: 'Update',
    now: request.now,
    subresource: 'scale',
  });
  const stored = storeNextState(cluster, { ...target, subresource: '' }, parent, tracked, dryRun);
  return scaleOfObject(cluster, target.resource, stored);
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
  const current = scaleOfObject(cluster, target.resource, parent);
  const patched = applyPatch(current, contentType ?? '', body, {
    isCustomResource: isCustomResource(cluster, target.resource),
  });
  return writeScale(cluster, target, parent, patched, request, 'PatchOptions');
}
