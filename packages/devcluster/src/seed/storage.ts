// Dynamic provisioning as kind's local-path provisioner does it: a default class, and claims bound by it.
import type { KubeObject } from '../types.js';
import { uuidLike } from './generated-names.js';
import type { ClusterNode } from './nodes.js';
import { objectMeta } from './object-meta.js';

const PROVISIONER = 'rancher.io/local-path';
export const STORAGE_CLASS = 'standard';

export function defaultStorageClass(created: Date): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: objectMeta({
      name: STORAGE_CLASS,
      created,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    }),
    provisioner: PROVISIONER,
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

/**
 * A claim bound to the volume provisioned for it. The simulator does not serve PersistentVolumes,
 * so only the claim exists; its volumeName is the name the provisioner would have given the volume.
 */
export function boundClaim(plan: ClaimPlan): KubeObject {
  const { namespace, name, created, labels, storage, node } = plan;
  const volumeName = `pvc-${uuidLike(`volume/${namespace}/${name}`)}`;
  const accessModes = ['ReadWriteOnce'];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: objectMeta({
      name,
      namespace,
      created,
      labels,
      annotations: {
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER,
        'volume.kubernetes.io/selected-node': node.name,
        'volume.kubernetes.io/storage-provisioner': PROVISIONER,
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    }),
    spec: {
      accessModes,
      resources: { requests: { storage } },
      storageClassName: STORAGE_CLASS,
      volumeMode: 'Filesystem',
      volumeName,
    },
    status: { accessModes, capacity: { storage }, phase: 'Bound' },
  };
}
