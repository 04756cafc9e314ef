import { groupResource, type SimulatedCluster } from '../cluster.js';
import type { KubeObject, ResourceType } from '../types.js';
import { prepareStatusForCreate } from './create-strategies.js';
import { matchesFilter, paginate, parseLimit, parseListFilter } from './list-query.js';
import { admitCreate, admitUpdate, apiVersionOf, mergeServerFields } from './object-admission.js';
import { methodNotSupported, notFound, success } from './status.js';

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

export function getObject(cluster: SimulatedCluster, target: ResourceTarget): KubeObject {
  const gr = groupResource(target.resource);
  const found = cluster.store.get(gr, target.resource.namespaced ? target.namespace : '', target.name);
  if (!found) throw notFound(gr, target.name);
  return found;
}

export function listObjects(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  query: URLSearchParams,
): ListResult {
  const { resource } = target;
  const filter = parseListFilter(query, resource, cluster.registry.crdOf(resource) !== undefined);
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

/** A CRD served in several versions keeps one stored copy; each version relabels it. */
function withApiVersion(object: KubeObject, resource: ResourceType): KubeObject {
  return { ...object, apiVersion: apiVersionOf(resource) };
}

function requireNoSubresource(target: ResourceTarget, action: string): void {
  if (target.subresource) throw methodNotSupported(groupResource(target.resource), action);
}

export function createObject(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  body: Record<string, unknown>,
): KubeObject {
  requireNoSubresource(target, 'create');
  if (target.name) throw methodNotSupported(groupResource(target.resource), 'create');
  const object = admitCreate(
    target.resource,
    body,
    target.namespace,
    cluster.registry.crdOf(target.resource) !== undefined,
  );
  prepareStatusForCreate(target.resource, object);
  return cluster.create(target.resource, object);
}

export function updateObject(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  body: Record<string, unknown>,
): KubeObject {
  if (target.subresource && target.subresource !== 'status')
    throw methodNotSupported(groupResource(target.resource), 'update');
  const submitted = admitUpdate(target.resource, body, target.namespace, target.name);
  const current = getObject(cluster, target);
  let next: KubeObject;
  if (target.subresource === 'status') {
    // Through /status only status changes.
    next = {
      ...current,
      status: submitted.status,
      metadata: { ...current.metadata, resourceVersion: submitted.metadata.resourceVersion },
    };
  } else {
    next = submitted;
    // With a status subresource, status is kept as it was.
    if (target.resource.subresources.includes('status')) {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
  }
  return cluster.store.update(groupResource(target.resource), mergeServerFields(current, next));
}

export function deleteObject(cluster: SimulatedCluster, target: ResourceTarget): KubeObject {
  requireNoSubresource(target, 'delete');
  const deleted = cluster.delete(
    target.resource,
    target.resource.namespaced ? target.namespace : '',
    target.name,
  );
  if (RETURNS_DELETED_OBJECT.has(target.resource.kind)) return deleted;
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

export function deleteCollection(
  cluster: SimulatedCluster,
  target: ResourceTarget,
  query: URLSearchParams,
): KubeObject {
  if (!target.resource.verbs.includes('deletecollection')) {
    throw methodNotSupported(groupResource(target.resource), 'deletecollection');
  }
  const everything = new URLSearchParams(query);
  everything.delete('limit');
  everything.delete('continue');
  const { list, items } = listObjects(cluster, target, everything);
  for (const item of items)
    cluster.delete(target.resource, item.metadata.namespace ?? '', item.metadata.name ?? '');
  return list;
}
