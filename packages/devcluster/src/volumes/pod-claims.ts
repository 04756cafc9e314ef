// A pod's PersistentVolumeClaims as the scheduler's VolumeBinding plugin sees them: a pod waits while
// a claim it mounts is missing, being deleted, or unbound in a class that binds at once (a
// WaitForFirstConsumer claim is bound for the pod once the pod is placed).
import { CLAIMS } from '../api/group-resources.js';
import type { ObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { STORAGE_CLASSES, type StorageClass } from './storage-classes.js';

/** The names of the claims a pod mounts. */
export function claimNames(pod: KubeObject): string[] {
  const volumes = (pod.spec as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] } | undefined)
    ?.volumes;
  return (volumes ?? []).flatMap((volume) => volume.persistentVolumeClaim?.claimName ?? []);
}

/** Why the pod's claims keep it from every node, in the scheduler's words; undefined when they do not. */
export function claimProblem(store: ObjectStore, pod: KubeObject): string | undefined {
  const namespace = pod.metadata.namespace ?? '';
  for (const name of claimNames(pod)) {
    const claim = store.get(CLAIMS, namespace, name);
    if (!claim) return `persistentvolumeclaim "${name}" not found`;
    if (claim.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
    const spec = claim.spec as { volumeName?: string; storageClassName?: string } | undefined;
    if (spec?.volumeName) continue;
    const storageClass = spec?.storageClassName
      ? (store.get(STORAGE_CLASSES, '', spec.storageClassName) as StorageClass | undefined)
      : undefined;
    if (storageClass?.volumeBindingMode !== 'WaitForFirstConsumer')
      return 'pod has unbound immediate PersistentVolumeClaims';
  }
  return undefined;
}
