// Dynamic provisioning as kind's local-path provisioner does it: a default class, and claims bound by it.
import type { KubeObject } from '../types.js';
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

function volumeNameOf(plan: ClaimPlan): string {
  return `pvc-${uuidLike(`volume/${plan.namespace}/${plan.name}`)}`;
}

/** A claim and the volume provisioned for it on its first pod's node, bound to each other. */
export function boundClaimAndVolume(plan: ClaimPlan): KubeObject[] {
  const claim = boundClaim(plan);
  return [claim, provisionedVolume(plan, claim)];
}

function provisionedVolume(plan: ClaimPlan, claim: KubeObject): KubeObject {
  const { namespace, name, created, storage, node } = plan;
  const volumeName = volumeNameOf(plan);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: objectMeta({
      name: volumeName,
      created,
      annotations: {
        'local.path.provisioner/selected-node': node.name,
        'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER,
      },
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace,
        name,
        uid: claim.metadata.uid,
        resourceVersion: claim.metadata.resourceVersion,
      },
      hostPath: {
        path: `/var/local-path-provisioner/${volumeName}_${namespace}_${name}`,
        type: 'DirectoryOrCreate',
      },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node.name] }] },
          ],
        },
      },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: STORAGE_CLASS,
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };
}

function boundClaim(plan: ClaimPlan): KubeObject {
  const { namespace, name, created, labels, storage, node } = plan;
  const volumeName = volumeNameOf(plan);
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
        'volume.beta.kubernetes.io/storage-provisioner': LOCAL_PATH_PROVISIONER,
        'volume.kubernetes.io/selected-node': node.name,
        'volume.kubernetes.io/storage-provisioner': LOCAL_PATH_PROVISIONER,
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
