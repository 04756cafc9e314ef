// Cascading deletion through ownerReferences, and finalizers: what kube-apiserver does on DELETE. The
// garbage collector (garbage-collector.ts) finishes what is left afterwards.
import { notFound } from '../api/status.js';
import { groupResource, type SimulatedCluster } from '../cluster.js';
import { apiTime } from '../seed/timestamps.js';
import type { KubeObject, ResourceType } from '../types.js';
import { nameOf } from './objects.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export const FOREGROUND = 'foregroundDeletion';

/**
 * What the apiserver does when a DELETE carries no propagationPolicy: the registries of batch/v1 Jobs (and
 * core/v1 ReplicationControllers) orphan for backwards compatibility; everything else deletes dependents in
 * the background. kubectl always sends a policy (background unless --cascade says otherwise).
 */
export function defaultPropagation(resource: ResourceType): PropagationPolicy {
  const orphansByDefault =
    (resource.group === 'batch' && resource.version === 'v1' && resource.kind === 'Job') ||
    (resource.group === '' && resource.kind === 'ReplicationController');
  return orphansByDefault ? 'Orphan' : 'Background';
}

function ownsThrough(object: KubeObject, ownerUid: string): boolean {
  return object.metadata.ownerReferences?.some((reference) => reference.uid === ownerUid) ?? false;
}

/** Objects whose ownerReferences name `owner`: namespaced owners only own objects of their namespace. */
export function dependentsOf(
  cluster: SimulatedCluster,
  owner: KubeObject,
): { resource: ResourceType; object: KubeObject }[] {
  const uid = owner.metadata.uid ?? '';
  const namespace = owner.metadata.namespace;
  const resources = cluster.registry.all().filter((resource) => !namespace || resource.namespaced);
  return resources.flatMap((resource) =>
    cluster.store
      .list(groupResource(resource), namespace || undefined)
      .filter((object) => ownsThrough(object, uid))
      .map((object) => ({ resource, object })),
  );
}

export function withoutOwner(object: KubeObject, ownerUid: string): KubeObject {
  const { ownerReferences = [], ...metadata } = object.metadata;
  const kept = ownerReferences.filter((reference) => reference.uid !== ownerUid);
  return { ...object, metadata: kept.length > 0 ? { ...metadata, ownerReferences: kept } : metadata };
}

/**
 * DELETE with a propagation policy. Returns the object with deletionTimestamp when finalizers keep it
 * (answer it as it is); otherwise the deleted object, as SimulatedCluster.delete returns it.
 */
export function deleteWithPropagation(
  cluster: SimulatedCluster,
  resource: ResourceType,
  namespace: string,
  name: string,
  policy: PropagationPolicy | undefined,
  now: Date,
): KubeObject {
  const gr = groupResource(resource);
  const existing = cluster.store.get(gr, namespace, name);
  if (!existing) throw notFound(gr, name);
  // A deletion already under way is answered with the object as it is.
  if (existing.metadata.deletionTimestamp) return existing;
  const propagation = policy ?? defaultPropagation(resource);
  const uid = existing.metadata.uid ?? '';
  const finalizers = [...(existing.metadata.finalizers ?? [])];
  if (propagation === 'Orphan') {
    for (const dependent of dependentsOf(cluster, existing)) {
      cluster.store.update(groupResource(dependent.resource), withoutOwner(dependent.object, uid));
    }
  }
  if (propagation === 'Foreground' && dependentsOf(cluster, existing).length > 0) finalizers.push(FOREGROUND);
  if (finalizers.length === 0) return cluster.delete(resource, namespace, name);
  const pending: KubeObject = {
    ...existing,
    metadata: {
      ...existing.metadata,
      deletionTimestamp: apiTime(now),
      deletionGracePeriodSeconds: 0,
      finalizers,
    },
  };
  return cluster.store.update(gr, pending);
}

/** After an update: an object being deleted whose last finalizer went is removed. */
export function removeIfFinalized(
  cluster: SimulatedCluster,
  resource: ResourceType,
  object: KubeObject,
): boolean {
  if (!object.metadata.deletionTimestamp || (object.metadata.finalizers ?? []).length > 0) return false;
  const namespace = object.metadata.namespace ?? '';
  if (!cluster.store.get(groupResource(resource), namespace, nameOf(object))) return false;
  cluster.delete(resource, namespace, nameOf(object));
  return true;
}
