// StorageClasses as the volume code reads them: which class a claim gets when it names none, and
// the provisioner the simulator plays (kind's local-path provisioner).
import type { ObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../types.js';

export const STORAGE_CLASSES = { group: 'storage.k8s.io', resource: 'storageclasses' };
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';

export interface StorageClass extends KubeObject {
  provisioner?: string;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
}

export function isDefaultClass(storageClass: KubeObject): boolean {
  return storageClass.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
}

/**
 * The class the DefaultStorageClass admission plugin gives a claim that names none: the newest of
 * those marked default, as since Kubernetes 1.26; undefined when none is.
 */
export function defaultClassName(store: ObjectStore): string | undefined {
  const defaults = store
    .list(STORAGE_CLASSES)
    .filter(isDefaultClass)
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  return defaults[0]?.metadata.name;
}
