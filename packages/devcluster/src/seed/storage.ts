// Dynamic provisioning as kind's local-path provisioner does it: a default class, and claims bound
// by it (the claims get their protection finalizer from admission when the seed is loaded).
import type { KubeObject } from '../types.js';
import { boundClaimAnnotations, boundClaimStatus, localPathVolume } from '../volumes/local-path-volume.js';
import { DEFAULT_CLASS_ANNOTATION, LOCAL_PATH_PROVISIONER } from '../volumes/storage-classes.js';
import { uuidLike } from './generated-names.js';
import type { ClusterNode } from './nodes.js';
import { objectMeta } from './object-meta.js';

export const STORAGE_CLASS = 'standard';

export function defaultStorageClass(created: Date): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: objectMeta({
      name: STORAGE_CLASS,
      created,
      annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' },
    }),
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
}

export interface ClaimPlan {
  namespace: string;
  name: string;
  created: Date;
  labels: Record<string, string>;
  storage: string;
  /** The node of the first pod to use the claim: WaitForFirstConsumer provisions there. */
  node: ClusterNode;
}

/** A claim and the volume provisioned for it on its first pod's node, bound to each other. */
export function boundClaimAndVolume(plan: ClaimPlan): KubeObject[] {
  const { namespace, name, created, labels, storage, node } = plan;
  const local = {
    volumeName: `pvc-${uuidLike(`volume/${namespace}/${name}`)}`,
    // The claim's uid is filled in when the seed is loaded (SimulatedCluster.load).
    claim: { namespace, name },
    storage,
    accessModes: ['ReadWriteOnce'],
    storageClassName: STORAGE_CLASS,
    reclaimPolicy: 'Delete',
    volumeMode: 'Filesystem',
    node: node.name,
  };
  const volume = localPathVolume(local);
  volume.metadata = objectMeta({
    name: local.volumeName,
    created,
    ...(volume.metadata.annotations && { annotations: volume.metadata.annotations }),
  });
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: objectMeta({ name, namespace, created, labels, annotations: boundClaimAnnotations(node.name) }),
    spec: {
      accessModes: local.accessModes,
      resources: { requests: { storage } },
      storageClassName: STORAGE_CLASS,
      volumeMode: 'Filesystem',
      volumeName: local.volumeName,
    },
    status: boundClaimStatus(local),
  };
  return [claim, volume];
}
