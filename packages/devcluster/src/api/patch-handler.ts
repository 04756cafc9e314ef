import {
  APPLY_PATCH_MEDIA_TYPE,
  applyPatchOptions,
  decodeApplyPatch,
  isNoOpApply,
  placeAppliedObject,
  recordUpdate,
  serverSideApply,
} from '../apply/index.js';
import type { SimulatedCluster } from '../cluster.js';
import { applyPatch, patchMediaType } from '../patch/patch-object.js';
import type { KubeObject } from '../types.js';
import { prepareForCreate } from './create-strategies.js';
import { dropUnknownAppliedFields, validateFields } from './field-validation.js';
import { admitCreate, apiVersionOf } from './object-admission.js';
import {
  getObject,
  isCustomResource,
  type ResourceTarget,
  storeNewObject,
  storeNextState,
} from './resource-handlers.js';
import { methodNotSupported } from './status.js';
import { isDryRun, updateManager, type WriteRequest } from './write-options.js';

export interface PatchAnswer {
  /** 201 when server-side apply created the object, else 200. */
  status: number;
  object: KubeObject;
}

function currentObject(cluster: SimulatedCluster, target: ResourceTarget): KubeObject | undefined {
  try {
    return getObject(cluster, target);
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/**
 * Server-side apply: merges the applied configuration into the live object with field
 * ownership per manager; creates the object when it does not exist; changes nothing (not even
 * the resourceVersion) when the configuration is already in place.
 */
function serverSideApplyRequest(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  body: Buffer,
  request: WriteRequest,
  dryRun: boolean,
): PatchAnswer {
  const { manager, force } = applyPatchOptions(request.query);
  const applied = decodeApplyPatch(body) as KubeObject;
  const live = currentObject(cluster, target);
  const { resource } = target;
  dropUnknownAppliedFields(resource, applied, request);
  const merged = serverSideApply(live, applied, {
    manager,
    force,
    now: request.now,
    expected: { apiVersion: apiVersionOf(resource), kind: resource.kind },
    statusSubresource: resource.subresources.includes('status'),
    ...(target.subresource ? { subresource: target.subresource } : {}),
  });
  const placed = placeAppliedObject(merged, {
    name: target.name,
    namespace: resource.namespaced ? target.namespace : '',
  });
  if (live && isNoOpApply(live, placed)) return { status: 200, object: live };
  if (!live) {
    if (target.subresource)
      throw methodNotSupported({ group: resource.group, resource: resource.plural }, 'apply');
    const admitted = admitCreate(
      resource,
      placed as Record<string, unknown>,
      target.namespace,
      isCustomResource(cluster, resource),
    );
    admitted.metadata.managedFields = placed.metadata.managedFields;
    prepareForCreate(resource, admitted);
    return { status: 201, object: storeNewObject(cluster, resource, admitted, dryRun) };
  }
  placed.metadata.resourceVersion = live.metadata.resourceVersion;
  return { status: 200, object: storeNextState(cluster, target, live, placed, dryRun) };
}

export function patchObject(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  contentType: string | undefined,
  body: Buffer,
  request: WriteRequest,
): PatchAnswer {
  const dryRun = isDryRun(request.query, 'PatchOptions');
  const mediaType = patchMediaType(contentType ?? '');
  if (mediaType === APPLY_PATCH_MEDIA_TYPE)
    return serverSideApplyRequest(cluster, target, body, request, dryRun);
  const manager = updateManager(request, 'PatchOptions');
  const current = getObject(cluster, target);
  const patched = applyPatch(current, contentType ?? '', body, {
    isCustomResource: isCustomResource(cluster, target.resource),
  });
  if (!target.subresource || target.subresource === 'status')
    validateFields(target.resource, patched, request, 'PatchOptions');
  const tracked = recordUpdate(current, patched, {
    manager,
    operation: 'Update',
    now: request.now,
    ...(target.subresource ? { subresource: target.subresource } : {}),
  });
  return { status: 200, object: storeNextState(cluster, target, current, tracked, dryRun) };
}
