import { recordUpdate } from '../apply/index.js';
import { groupResource, type SimulatedCluster } from '../cluster.js';
import { deleteWithPropagation, type PropagationPolicy, removeIfFinalized } from '../controllers/index.js';
import type { KubeObject, ResourceType } from '../types.js';
import { prepareForCreate, prepareWrite } from './create-strategies.js';
import { withEphemeralContainers } from './ephemeral-containers.js';
import { validateFields } from './field-validation.js';
import { matchesFilter, paginate, parseLimit, parseListFilter } from './list-query.js';
import { admitCreate, admitUpdate, apiVersionOf, mergeServerFields } from './object-admission.js';
import { allocateClusterIP } from './service-addresses.js';
import { badRequest, methodNotSupported, notFound, success } from './status.js';
import { servedObject, storageObject } from './version-conversion.js';
import { isDryRun, updateManager, type WriteRequest } from './write-options.js';

// The REST verbs on one resource: get, list, create, update, delete, deletecollection.

export interface ResourceTarget {
  resource: ResourceType;
  namespace: string;
  name: string;
  subresource: string;
}

export interface ListResult {
  list: KubeObject;
  items: KubeObject[];
}

// Kinds whose registries answer DELETE with the deleted object instead of a Status.
const RETURNS_DELETED_OBJECT = new Set(['Pod', 'Service', 'Namespace', 'CustomResourceDefinition']);

function scopeNamespace(target: ResourceTarget): string | undefined {
  return target.resource.namespaced && target.namespace ? target.namespace : undefined;
}

export function isCustomResource(cluster: SimulatedCluster, resource: ResourceType): boolean {
  return cluster.registry.crdOf(resource) !== undefined;
}

export function getObject(cluster: SimulatedCluster, target: ResourceTarget): KubeObject {
  const gr = groupResource(target.resource);
  const found = cluster.store.get(gr, target.resource.namespaced ? target.namespace : '', target.name);
  if (!found) throw notFound(gr, target.name);
  return withApiVersion(found, target.resource);
}

export function listObjects(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  query: URLSearchParams,
): ListResult {
  const { resource } = target;
  const filter = parseListFilter(query, resource, isCustomResource(cluster, resource));
  const limit = parseLimit(query);
  const matching = cluster.store
    .list(groupResource(resource), scopeNamespace(target))
    .filter((object) => matchesFilter(filter, object));
  const page = paginate(matching, {
    limit,
    continueToken: query.get('continue') ?? '',
    currentResourceVersion: cluster.store.resourceVersion,
    compactedResourceVersion: cluster.store.compactedResourceVersion,
    filtered: filter.labels.length > 0 || filter.fields.length > 0,
  });
  const metadata: Record<string, unknown> = { resourceVersion: page.resourceVersion };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  const items = page.items.map((item) => withApiVersion(item, resource));
  return {
    list: { apiVersion: apiVersionOf(resource), kind: resource.listKind, metadata, items },
    items,
  };
}

/** A kind served in several versions keeps one stored copy; each version shows it its way. */
function withApiVersion(object: KubeObject, resource: ResourceType): KubeObject {
  return servedObject(resource, object);
}

function requireNoSubresource(target: ResourceTarget, action: string): void {
  if (target.subresource) throw methodNotSupported(groupResource(target.resource), action);
}

/** Stores a new object (or previews it for a dry run) with its first managed-fields entry. */
export function storeNewObject(
  cluster: SimulatedCluster,
  resource: ResourceType,
  object: KubeObject,
  dryRun: boolean,
): KubeObject {
  const stored = storageObject(resource, object);
  prepareWrite(resource, stored);
  allocateClusterIP(cluster, resource, stored);
  return withApiVersion(
    dryRun ? cluster.previewCreate(resource, stored) : cluster.create(resource, stored),
    resource,
  );
}

export function createObject(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  body: Record<string, unknown>,
  request: WriteRequest,
): KubeObject {
  requireNoSubresource(target, 'create');
  if (target.name) throw methodNotSupported(groupResource(target.resource), 'create');
  const dryRun = isDryRun(request.query, 'CreateOptions');
  const manager = updateManager(request, 'CreateOptions');
  validateFields(target.resource, body as KubeObject, request, 'CreateOptions');
  const admitted = admitCreate(
    target.resource,
    body,
    target.namespace,
    isCustomResource(cluster, target.resource),
  );
  prepareForCreate(target.resource, admitted);
  const tracked = recordUpdate(undefined, admitted, { manager, operation: 'Update', now: request.now });
  return storeNewObject(cluster, target.resource, tracked, dryRun);
}

/** The subresources whose update (and patch) stores part of the parent object. */
export const UPDATABLE_SUBRESOURCES: ReadonlySet<string> = new Set(['status', 'ephemeralcontainers']);

/**
 * Stores the next state of an existing object as the registry strategies do: through
 * `/status` only status changes; through the main resource status is kept when the kind has
 * a status subresource; generation and server-owned metadata are carried over.
 */
export function storeNextState(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  current: KubeObject,
  submitted: KubeObject,
  dryRun: boolean,
): KubeObject {
  let next: KubeObject;
  if (target.subresource === 'status') {
    next = {
      ...current,
      status: submitted.status,
      metadata: {
        ...current.metadata,
        managedFields: submitted.metadata.managedFields,
        resourceVersion: submitted.metadata.resourceVersion,
      },
    };
  } else if (target.subresource === 'ephemeralcontainers') {
    next = withEphemeralContainers(current, submitted);
  } else {
    next = submitted;
    if (target.resource.subresources.includes('status')) {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
  }
  const gr = groupResource(target.resource);
  // Composed in the version of the request, stored in the storage version.
  const storable = storageObject(target.resource, next);
  prepareWrite(target.resource, storable);
  const merged = mergeServerFields(storageObject(target.resource, current), storable);
  if (dryRun) return withApiVersion(cluster.store.previewUpdate(gr, merged), target.resource);
  const stored = cluster.store.update(gr, merged);
  // An update that removed the last finalizer of an object being deleted completes the deletion.
  removeIfFinalized(cluster, target.resource, stored);
  return withApiVersion(stored, target.resource);
}

export function updateObject(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  body: Record<string, unknown>,
  request: WriteRequest,
): KubeObject {
  if (target.subresource && !UPDATABLE_SUBRESOURCES.has(target.subresource)) {
    throw methodNotSupported(groupResource(target.resource), 'update');
  }
  const dryRun = isDryRun(request.query, 'UpdateOptions');
  const manager = updateManager(request, 'UpdateOptions');
  if (!target.subresource || target.subresource === 'status')
    validateFields(target.resource, body as KubeObject, request, 'UpdateOptions');
  const submitted = admitUpdate(target.resource, body, target.namespace, target.name);
  const current = getObject(cluster, target);
  const tracked = recordUpdate(current, submitted, {
    manager,
    operation: 'Update',
    now: request.now,
    ...(target.subresource ? { subresource: target.subresource } : {}),
  });
  return storeNextState(cluster, target, current, tracked, dryRun);
}

export interface DeleteOptionsBody {
  propagationPolicy?: string;
  orphanDependents?: boolean;
  dryRun?: string[];
  preconditions?: { uid?: string; resourceVersion?: string };
}

const POLICIES = new Set(['Background', 'Foreground', 'Orphan']);

function propagationPolicy(
  query: URLSearchParams,
  options: DeleteOptionsBody,
): PropagationPolicy | undefined {
  const policy = options.propagationPolicy ?? query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined) {
    if (!POLICIES.has(policy)) {
      throw badRequest(
        `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      );
    }
    return policy as PropagationPolicy;
  }
  const orphan =
    options.orphanDependents ??
    (query.has('orphanDependents') ? query.get('orphanDependents') === 'true' : undefined);
  if (orphan === undefined) return undefined;
  return orphan ? 'Orphan' : 'Background';
}

function deletionAnswer(target: ResourceTarget, deleted: KubeObject): KubeObject {
  // Deletion still pending (finalizers, foreground): the object is returned as it now is.
  if (deleted.metadata.deletionTimestamp || RETURNS_DELETED_OBJECT.has(target.resource.kind)) {
    return withApiVersion(deleted, target.resource);
  }
  const gr = groupResource(target.resource);
  return {
    ...success({
      name: target.name,
      ...(gr.group ? { group: gr.group } : {}),
      kind: gr.resource,
      uid: deleted.metadata.uid ?? '',
    }),
    metadata: {},
  } as unknown as KubeObject;
}

function checkPreconditions(target: ResourceTarget, current: KubeObject, options: DeleteOptionsBody): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const gr = groupResource(target.resource);
  if (uid && uid !== current.metadata.uid) {
    throw badRequest(
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid}`,
    );
  }
  if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
    throw badRequest(
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion} (${gr.resource})`,
    );
  }
}

export function deleteObject(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  options: DeleteOptionsBody,
  request: WriteRequest,
): KubeObject {
  requireNoSubresource(target, 'delete');
  const namespace = target.resource.namespaced ? target.namespace : '';
  const current = getObject(cluster, target);
  checkPreconditions(target, current, options);
  const dryRun = isDryRun(request.query, 'DeleteOptions') || (options.dryRun ?? []).includes('All');
  const policy = propagationPolicy(request.query, options);
  if (dryRun) return deletionAnswer(target, current);
  const deleted = deleteWithPropagation(
    cluster,
    target.resource,
    namespace,
    target.name,
    policy,
    request.now,
  );
  return deletionAnswer(target, deleted);
}

export function deleteCollection(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  options: DeleteOptionsBody,
  request: WriteRequest,
): KubeObject {
  const everything = new URLSearchParams(request.query);
  everything.delete('limit');
  everything.delete('continue');
  const { list, items } = listObjects(cluster, target, everything);
  const dryRun = isDryRun(request.query, 'DeleteOptions') || (options.dryRun ?? []).includes('All');
  if (dryRun) return list;
  const policy = propagationPolicy(request.query, options);
  for (const item of items) {
    deleteWithPropagation(
      cluster,
      target.resource,
      item.metadata.namespace ?? '',
      item.metadata.name ?? '',
      policy,
      request.now,
    );
  }
  return list;
}
