// kube-controller-manager's persistent volume controller with kind's local-path provisioner: a
// claim of a class the provisioner serves gets a volume made for it and is bound to it, at once or,
// for a WaitForFirstConsumer class, once a pod using it is scheduled (on that pod's node). A claim
// of another provisioner, of a class that does not exist or of no class stays Pending and says why
// in its events. Once a claim is gone its volume is deleted or, under a Retain policy, kept Released.
import { resourceKeyOf, type StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { boundClaimAnnotations, boundClaimStatus, localPathVolume } from '../volumes/local-path-volume.js';
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
    this.reclaimVolumesOf(namespace, name, claim?.metadata.uid);
    if (!claim) return;
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
    const plan = {
      volumeName: `pvc-${claim.metadata.uid ?? ''}`,
      claim: {
        namespace,
        name: nameOf(claim),
        uid: claim.metadata.uid,
        resourceVersion: claim.metadata.resourceVersion,
      },
      storage: claim.spec?.resources?.requests?.storage ?? '1Gi',
      accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
      storageClassName: nameOf(storageClass),
      reclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      node,
    };
    events.record({
      about: claim,
      type: 'Normal',
      reason: 'Provisioning',
      message: `External provisioner is provisioning volume for claim "${namespace}/${nameOf(claim)}"`,
      source: PROVISIONER,
    });
    writer.create(VOLUMES, localPathVolume(plan));
    events.record({
      about: claim,
      type: 'Normal',
      reason: 'ProvisioningSucceeded',
      message: `Successfully provisioned volume ${plan.volumeName}`,
      source: PROVISIONER,
    });
    const current = cluster.store.get(CLAIMS, namespace, nameOf(claim)) ?? claim;
    writer.update(CLAIMS, current, {
      ...current,
      metadata: {
        ...current.metadata,
        annotations: { ...current.metadata.annotations, ...boundClaimAnnotations(node) },
      },
      spec: { ...(current.spec as object), volumeName: plan.volumeName },
      status: boundClaimStatus(plan),
    });
  }

  /**
   * The volumes of a claim that is gone (a claim of the same name made since has another uid):
   * deleted under the Delete policy, Released (kept) under Retain.
   */
  private reclaimVolumesOf(namespace: string, name: string, liveUid: string | undefined): void {
    const { writer, cluster } = this.context;
    for (const volume of cluster.store.list(VOLUMES)) {
      const spec = volume.spec as {
        claimRef?: { namespace?: string; name?: string; uid?: string };
        persistentVolumeReclaimPolicy?: string;
      };
      const claim = spec.claimRef;
      // A volume pre-bound by name alone (no uid) waits for its claim, as in a real cluster.
      if (claim?.namespace !== namespace || claim.name !== name || !claim.uid || claim.uid === liveUid)
        continue;
      if (spec.persistentVolumeReclaimPolicy === 'Delete') writer.delete(VOLUMES, '', nameOf(volume));
      else writer.update(VOLUMES, volume, { ...volume, status: { phase: 'Released' } });
    }
  }
}
