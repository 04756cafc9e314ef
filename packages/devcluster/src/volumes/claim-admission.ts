// What kube-apiserver does to a new PersistentVolumeClaim before storing it: the DefaultStorageClass
// admission plugin names the default class when the claim names none (an empty name means "no
// class" and is kept), StorageObjectInUseProtection adds the finalizer that keeps a claim while
// pods use it, and the claim starts Pending.
import type { ObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { defaultClassName } from './storage-classes.js';

export const CLAIM_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';

export function admitClaim(store: ObjectStore, claim: KubeObject): void {
  const spec = (claim.spec ?? {}) as { storageClassName?: string; volumeMode?: string };
  if (spec.storageClassName === undefined) {
    const defaultClass = defaultClassName(store);
    if (defaultClass) spec.storageClassName = defaultClass;
  }
  spec.volumeMode ??= 'Filesystem';
  claim.spec = spec;
  const finalizers = claim.metadata.finalizers ?? [];
  if (!finalizers.includes(CLAIM_PROTECTION_FINALIZER))
    claim.metadata.finalizers = [...finalizers, CLAIM_PROTECTION_FINALIZER];
  // A claim created already bound (by a controller that provisions at once) keeps its status.
  claim.status ??= { phase: 'Pending' };
}
