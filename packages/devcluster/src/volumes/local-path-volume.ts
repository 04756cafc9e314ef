// What kind's local-path provisioner makes for a claim, and what binding writes on the claim: one
// place for the volume controller and for the seed's claims that are bound from the start.
import type { KubeObject } from '../types.js';
import { LOCAL_PATH_PROVISIONER } from './storage-classes.js';

export interface LocalPathPlan {
  volumeName: string;
  claim: { namespace: string; name: string; uid?: string | undefined; resourceVersion?: string | undefined };
  storage: string;
  accessModes: string[];
  storageClassName: string;
  reclaimPolicy: string;
  volumeMode: string;
  /** The node a WaitForFirstConsumer volume is made on; none for an Immediate one. */
  node?: string | undefined;
}

/** The bound PersistentVolume, a hostPath directory pinned to `node` when there is one. */
export function localPathVolume(plan: LocalPathPlan): KubeObject {
  const { volumeName, claim, node } = plan;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: volumeName,
      annotations: {
        ...(node && { 'local.path.provisioner/selected-node': node }),
        'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER,
      },
    },
    spec: {
      accessModes: plan.accessModes,
      capacity: { storage: plan.storage },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', ...claim },
      hostPath: {
        path: `/var/local-path-provisioner/${volumeName}_${claim.namespace}_${claim.name}`,
        type: 'DirectoryOrCreate',
      },
      ...(node && {
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
            ],
          },
        },
      }),
      persistentVolumeReclaimPolicy: plan.reclaimPolicy,
      storageClassName: plan.storageClassName,
      volumeMode: plan.volumeMode,
    },
    status: { phase: 'Bound' },
  };
}

/** The annotations the volume controller and the provisioner leave on a claim they bound. */
export function boundClaimAnnotations(node: string | undefined): Record<string, string> {
  return {
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
    'volume.beta.kubernetes.io/storage-provisioner': LOCAL_PATH_PROVISIONER,
    ...(node && { 'volume.kubernetes.io/selected-node': node }),
    'volume.kubernetes.io/storage-provisioner': LOCAL_PATH_PROVISIONER,
  };
}

/** A bound claim's status. */
export function boundClaimStatus(plan: Pick<LocalPathPlan, 'accessModes' | 'storage'>) {
  return { phase: 'Bound', accessModes: plan.accessModes, capacity: { storage: plan.storage } };
}
