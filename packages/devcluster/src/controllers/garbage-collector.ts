// kube-controller-manager's garbage collector (with the PVC-protection controller): what is left to do
// after a DELETE (cascading-deletion.ts).
import { groupResource } from '../cluster.js';
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject, OwnerReference, ResourceType } from '../types.js';
import { CLAIM_PROTECTION_FINALIZER } from '../volumes/claim-admission.js';
import {
  deleteWithPropagation,
  dependentsOf,
  FOREGROUND,
  removeIfFinalized,
  withoutOwner,
} from './cascading-deletion.js';
import type { Controller, ControllerContext } from './controller.js';
import { nameOf, namespaceOf, PODS } from './objects.js';
import { isActive } from './pod-state.js';

interface ObjectRef {
  resource: ResourceType;
  namespace: string;
  name: string;
}

/**
 * The garbage collector: deletes dependents whose owners are all gone, empties foreground deletions,
 * removes objects whose finalizers are done, and lifts PVC protection once no pod uses the claim.
 */
export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector';
  readonly watches = 'everything';
  // Dependents by owner uid, kept from the watch so that an owner's deletion finds them without a scan.
  private readonly dependents = new Map<string, Set<string>>();
  private readonly ownersOf = new Map<string, string[]>();
  private readonly refs = new Map<string, ObjectRef>();

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const { object } = event;
    const resource = this.context.cluster.resourceForObject(object.apiVersion, object.kind);
    if (!resource) return [];
    const key = this.index(event, resource);
    if (event.type !== 'DELETED') return [key];
    const keys = [...(this.dependents.get(object.metadata.uid ?? '') ?? [])];
    this.dependents.delete(object.metadata.uid ?? '');
    this.refs.delete(key);
    // A deleted dependent may be what a foreground deletion was waiting for.
    for (const reference of object.metadata.ownerReferences ?? []) {
      const owner = this.ownerRef(reference, namespaceOf(object));
      if (owner) keys.push(this.remember(owner));
    }
    if (resource.kind === 'Pod' && !resource.group) keys.push(...this.claimsOf(object));
    return keys;
  }

  sync(key: string): void {
    const ref = this.refs.get(key);
    if (!ref) return;
    const gr = groupResource(ref.resource);
    const object = this.context.cluster.store.get(gr, ref.namespace, ref.name);
    if (!object) return;
    if (object.metadata.deletionTimestamp) this.continueDeletion(ref, object);
    else this.collectIfOrphaned(ref, object);
  }

  private index(event: StoredEvent, resource: ResourceType): string {
    const { object } = event;
    const ref = { resource, namespace: namespaceOf(object), name: nameOf(object) };
    const key = this.remember(ref);
    for (const ownerUid of this.ownersOf.get(key) ?? []) this.dependents.get(ownerUid)?.delete(key);
    const owners = event.type === 'DELETED' ? [] : (object.metadata.ownerReferences ?? []).map((r) => r.uid);
    for (const ownerUid of owners) {
      const dependents = this.dependents.get(ownerUid) ?? new Set<string>();
      dependents.add(key);
      this.dependents.set(ownerUid, dependents);
    }
    if (owners.length > 0) this.ownersOf.set(key, owners);
    else this.ownersOf.delete(key);
    return key;
  }

  private remember(ref: ObjectRef): string {
    const key = `${ref.resource.group}/${ref.resource.plural}/${ref.namespace}/${ref.name}`;
    this.refs.set(key, ref);
    return key;
  }

  private ownerRef(reference: OwnerReference, dependentNamespace: string): ObjectRef | undefined {
    const resource = this.context.cluster.resourceForObject(reference.apiVersion, reference.kind);
    if (!resource) return undefined;
    return { resource, namespace: resource.namespaced ? dependentNamespace : '', name: reference.name };
  }

  private ownerExists(reference: OwnerReference, dependentNamespace: string): boolean {
    const owner = this.ownerRef(reference, dependentNamespace);
    if (!owner) return false;
    const found = this.context.cluster.store.get(groupResource(owner.resource), owner.namespace, owner.name);
    return found?.metadata.uid === reference.uid;
  }

  /** Background deletion's second half: dependents whose owners are all gone go too. */
  private collectIfOrphaned(ref: ObjectRef, object: KubeObject): void {
    const references = object.metadata.ownerReferences ?? [];
    if (references.length === 0) return;
    const dangling = references.filter((reference) => !this.ownerExists(reference, ref.namespace));
    if (dangling.length === 0) return;
    const { cluster, now } = this.context;
    if (dangling.length < references.length) {
      let remaining = object;
      for (const reference of dangling) remaining = withoutOwner(remaining, reference.uid);
      cluster.store.update(groupResource(ref.resource), remaining);
      return;
    }
    deleteWithPropagation(cluster, ref.resource, ref.namespace, ref.name, 'Background', now());
  }

  private continueDeletion(ref: ObjectRef, object: KubeObject): void {
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.length === 0) {
      removeIfFinalized(this.context.cluster, ref.resource, object);
      return;
    }
    if (finalizers.includes(FOREGROUND)) this.deleteInForeground(ref, object);
    else if (finalizers.includes(CLAIM_PROTECTION_FINALIZER)) this.releaseUnusedClaim(ref, object);
  }

  /** Foreground: dependents are deleted (in foreground too), and the owner goes once no blocking one is left. */
  private deleteInForeground(ref: ObjectRef, owner: KubeObject): void {
    const { cluster, now } = this.context;
    const uid = owner.metadata.uid ?? '';
    const dependents = dependentsOf(cluster, owner);
    for (const dependent of dependents) {
      if (dependent.object.metadata.deletionTimestamp) continue;
      const { namespace = '', name = '' } = dependent.object.metadata;
      deleteWithPropagation(cluster, dependent.resource, namespace, name, 'Foreground', now());
    }
    const blocking = dependentsOf(cluster, owner).filter(({ object }) =>
      object.metadata.ownerReferences?.some(
        (reference) => reference.uid === uid && reference.blockOwnerDeletion,
      ),
    );
    if (blocking.length > 0) return;
    this.dropFinalizer(ref, owner, FOREGROUND);
  }

  /** The PVC-protection controller: a claim being deleted stays while a pod still uses it. */
  private releaseUnusedClaim(ref: ObjectRef, claim: KubeObject): void {
    const inUse = this.context.cluster.store
      .list(PODS, ref.namespace)
      .some((pod) => isActive(pod) && this.claimNamesOf(pod).includes(nameOf(claim)));
    if (!inUse) this.dropFinalizer(ref, claim, CLAIM_PROTECTION_FINALIZER);
  }

  private dropFinalizer(ref: ObjectRef, object: KubeObject, finalizer: string): void {
    const finalizers = (object.metadata.finalizers ?? []).filter((name) => name !== finalizer);
    const updated = this.context.cluster.store.update(groupResource(ref.resource), {
      ...object,
      metadata: { ...object.metadata, finalizers },
    });
    removeIfFinalized(this.context.cluster, ref.resource, updated);
  }

  private claimNamesOf(pod: KubeObject): string[] {
    const volumes = ((pod.spec as { volumes?: unknown[] } | undefined)?.volumes ?? []) as {
      persistentVolumeClaim?: { claimName?: string };
    }[];
    return volumes.flatMap((volume) => volume.persistentVolumeClaim?.claimName ?? []);
  }

  private claimsOf(pod: KubeObject): string[] {
    const resource = this.context.cluster.resourceForObject('v1', 'PersistentVolumeClaim');
    if (!resource) return [];
    return this.claimNamesOf(pod).map((name) =>
      this.remember({ resource, namespace: namespaceOf(pod), name }),
    );
  }
}
