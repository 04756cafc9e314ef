// kube-controller-manager's persistent volume controller with kind's local-path provisioner: a
// claim of a class the provisioner serves gets a volume made for it and is bound to it, at once or,
// for a WaitForFirstConsumer class, once a pod using it is scheduled (on that pod's node). A claim
// of another provisioner, of a class that does not exist or of no class stays Pending and says why
// in its events. Once a claim is gone its volume is deleted or, under a Retain policy, kept Released.
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { claimNames } from '../volumes/pod-claims.js';
import { LOCAL_PATH_PROVISIONER, STORAGE_CLASSES, type StorageClass } from '../volumes/storage-classes.js';
import type { Controller, ControllerContext } from './controller.js';
import { CLAIMS, keyOf, nameOf, namespaceOf, PODS, splitKey, VOLUMES } from './objects.js';
import { isActive, nodeNameOf } from './pod-state.js';

const CLAIMS_KEY = resourceKeyOf(CLAIMS);
const BINDER = { component: 'persistentvolume-controller' };
const PROVISIONER = { component: `${LOCAL_PATH_PROVISIONER}_local-path-provisioner` };

interface Claim extends KubeObject {
  spec?: {
    storageClassName?: string;
    volumeName?: string;
    accessModes?: string[];
    volumeMode?: string;
    resources?: { requests?: { storage?: string } };
  };
}

export class VolumeBinder implements Controller {
  readonly name = 'persistentvolume-binder-controller';
  readonly watches = [CLAIMS, PODS];

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const namespace = namespaceOf(event.object);
    if (event.resourceKey === CLAIMS_KEY) return [keyOf(namespace, nameOf(event.object))];
    return claimNames(event.object).map((claim) => keyOf(namespace, claim));
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const claim = this.context.cluster.store.get(CLAIMS, namespace, name) as Claim | undefined;
    if (!claim) {
      this.reclaimVolumesOf(namespace, name);
      return;
    }
    // The garbage collector lifts a deleted claim's protection once no pod uses it.
    if (claim.metadata.deletionTimestamp || claim.spec?.volumeName) return;
    const className = claim.spec?.storageClassName;
    if (!className) {
      this.tell(
        claim,
        'Normal',
        'FailedBinding',
        'no persistent volumes available for this claim and no storage class is set',
      );
      return;
    }
    const storageClass = this.context.cluster.store.get(STORAGE_CLASSES, '', className) as
      | StorageClass
      | undefined;
    if (!storageClass) {
      this.tell(
        claim,
        'Warning',
        'ProvisioningFailed',
        `storageclass.storage.k8s.io "${className}" not found`,
      );
      return;
    }
    if (storageClass.provisioner !== LOCAL_PATH_PROVISIONER) {
      this.tell(
        claim,
        'Normal',
        'ExternalProvisioning',
        `Waiting for a volume to be created either by the external provisioner '${storageClass.provisioner ?? ''}' ` +
          'or manually by the system administrator. If volume creation is delayed, please verify that the ' +
          'provisioner is running and correctly registered.',
      );
      return;
    }
    const node = this.podsUsing(claim)
      .map(nodeNameOf)
      .find((scheduled) => scheduled !== undefined);
    if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !node) {
      this.tell(
        claim,
        'Normal',
        'WaitForFirstConsumer',
        'waiting for first consumer to be created before binding',
      );
      return;
    }
    this.provision(claim, storageClass, node);
  }

  private podsUsing(claim: KubeObject): KubeObject[] {
    return this.context.cluster.store
      .list(PODS, namespaceOf(claim))
      .filter((pod) => isActive(pod) && claimNames(pod).includes(nameOf(claim)));
  }

  private tell(claim: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.context.events.record({ about: claim, type, reason, message, source: BINDER });
  }

  private provision(claim: Claim, storageClass: StorageClass, node: string | undefined): void {
    const { writer, events, cluster } = this.context;
    const namespace = namespaceOf(claim);
    const volumeName = `pvc-${claim.metadata.uid ?? ''}`;
    const storage = claim.spec?.resources?.requests?.storage ?? '1Gi';
    const accessModes = claim.spec?.accessModes ?? ['ReadWriteOnce'];
    events.record({
      about: claim,
      type: 'Normal',
      reason: 'Provisioning',
      message: `External provisioner is provisioning volume for claim "${namespace}/${nameOf(claim)}"`,
      source: PROVISIONER,
    });
    const created = writer.create(VOLUMES, {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: volumeName,
        annotations: { 'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER },
      },
      spec: {
        accessModes,
        capacity: { storage },
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          namespace,
          name: nameOf(claim),
          uid: claim.metadata.uid,
          resourceVersion: claim.metadata.resourceVersion,
        },
        hostPath: {
          path: `/var/local-path-provisioner/${volumeName}_${namespace}_${nameOf(claim)}`,
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
        persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
        storageClassName: storageClass.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      },
    });
    writer.update(VOLUMES, created, { ...created, status: { phase: 'Bound' } });
    events.record({
      about: claim,
      type: 'Normal',
      reason: 'ProvisioningSucceeded',
      message: `Successfully provisioned volume ${volumeName}`,
      source: PROVISIONER,
    });
    const current = cluster.store.get(CLAIMS, namespace, nameOf(claim)) ?? claim;
    writer.update(CLAIMS, current, {
      ...current,
      metadata: {
        ...current.metadata,
        annotations: {
          ...current.metadata.annotations,
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
          'volume.beta.kubernetes.io/storage-provisioner': LOCAL_PATH_PROVISIONER,
          'volume.kubernetes.io/storage-provisioner': LOCAL_PATH_PROVISIONER,
          ...(node && { 'volume.kubernetes.io/selected-node': node }),
        },
      },
      spec: { ...(current.spec as object), volumeName },
      status: { phase: 'Bound', accessModes, capacity: { storage } },
    });
  }

  /** A deleted claim's volumes: deleted under the Delete policy, Released (kept) under Retain. */
  private reclaimVolumesOf(namespace: string, name: string): void {
    const { writer, cluster } = this.context;
    for (const volume of cluster.store.list(VOLUMES)) {
      const spec = volume.spec as {
        claimRef?: { namespace?: string; name?: string };
        persistentVolumeReclaimPolicy?: string;
      };
      if (spec.claimRef?.namespace !== namespace || spec.claimRef.name !== name) continue;
      const phase = (volume.status as { phase?: string } | undefined)?.phase;
      if (spec.persistentVolumeReclaimPolicy === 'Delete') writer.delete(VOLUMES, '', nameOf(volume));
      else if (phase !== 'Released')
        writer.update(VOLUMES, volume, { ...volume, status: { phase: 'Released' } });
    }
  }
}
