// The StatefulSet controller: ordinal pods with stable names and claims, created and replaced in order.
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import { currentRevision, pruneRevisions, templateOf } from './controller-revisions.js';
import {
  CLAIMS,
  controllerOf,
  controllerReference,
  isControlledBy,
  keyOf,
  nameOf,
  nonZero,
  PODS,
  replicasOf,
  STATEFUL_SETS,
  splitKey,
} from './objects.js';
import { podFromTemplate } from './pod-factory.js';
import { isActive, isAvailable, isReady } from './pod-state.js';

const REVISION_LABEL = 'controller-revision-hash';
const SOURCE = { component: 'statefulset-controller' };

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

interface StatefulSetSpec {
  serviceName?: string;
  podManagementPolicy?: string;
  minReadySeconds?: number;
  selector?: { matchLabels?: Record<string, string> };
  volumeClaimTemplates?: ClaimTemplate[];
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number } };
}

function specOf(set: KubeObject): StatefulSetSpec {
  return (set.spec ?? {}) as StatefulSetSpec;
}

function ordinalOf(set: KubeObject, pod: KubeObject): number {
  const suffix = nameOf(pod).slice(nameOf(set).length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
}

function revisionLabel(pod: KubeObject): string | undefined {
  return pod.metadata.labels?.[REVISION_LABEL];
}

export class StatefulSetController implements Controller {
  readonly name = 'statefulset-controller';
  readonly watches = [STATEFUL_SETS, PODS];

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const { object, namespace } = event;
    if (object.kind === 'StatefulSet') return [keyOf(namespace, nameOf(object))];
    const owner = controllerOf(object);
    return owner?.kind === 'StatefulSet' ? [keyOf(namespace, owner.name)] : [];
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const set = this.context.cluster.store.get(STATEFUL_SETS, namespace, name);
    if (!set || set.metadata.deletionTimestamp) return;
    const revision = nameOf(currentRevision(this.context, set, 'controller.kubernetes.io/hash'));
    const pods = this.pods(set);
    const replicas = replicasOf(set);
    const ordered = (specOf(set).podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    // Condemned pods (ordinals past replicas) go first, highest first, one at a time when ordered.
    const condemned = pods
      .filter((pod) => ordinalOf(set, pod) >= replicas)
      .sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
    for (const pod of ordered ? condemned.slice(0, 1) : condemned) this.deletePod(set, pod);
    if (!(ordered && condemned.length > 0)) this.createMissing(set, pods, replicas, revision, ordered);
    this.rollOne(set, revision, replicas);
    this.updateStatus(set, revision);
  }

  private pods(set: KubeObject): KubeObject[] {
    return this.context.cluster.store
      .list(PODS, set.metadata.namespace)
      .filter((pod) => isControlledBy(pod, set) && isActive(pod) && ordinalOf(set, pod) >= 0);
  }

  private createMissing(
    set: KubeObject,
    pods: KubeObject[],
    replicas: number,
    revision: string,
    ordered: boolean,
  ): void {
    const byOrdinal = new Map(pods.map((pod) => [ordinalOf(set, pod), pod]));
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const existing = byOrdinal.get(ordinal);
      if (existing) {
        // OrderedReady: each pod waits for its predecessors to be running and ready.
        if (ordered && !isReady(existing)) return;
        continue;
      }
      this.createPod(set, ordinal, revision);
      if (ordered) return;
    }
  }

  private createPod(set: KubeObject, ordinal: number, revision: string): void {
    const { writer, events } = this.context;
    const podName = `${nameOf(set)}-${ordinal}`;
    const spec = specOf(set);
    const claims = (spec.volumeClaimTemplates ?? []).map((claim) => this.ensureClaim(set, claim, podName));
    const templateVolumes =
      (templateOf(set).spec as { volumes?: { name: string }[] } | undefined)?.volumes ?? [];
    const claimVolumes = claims.map(({ volume, claimName }) => ({
      name: volume,
      persistentVolumeClaim: { claimName },
    }));
    const pod = podFromTemplate({
      namespace: set.metadata.namespace ?? '',
      name: podName,
      template: templateOf(set),
      owner: controllerReference(set),
      labels: {
        'apps.kubernetes.io/pod-index': String(ordinal),
        [REVISION_LABEL]: revision,
        'statefulset.kubernetes.io/pod-name': podName,
      },
      spec: {
        hostname: podName,
        ...(spec.serviceName && { subdomain: spec.serviceName }),
        volumes: [
          ...claimVolumes,
          ...templateVolumes.filter((v) => !claims.some((c) => c.volume === v.name)),
        ],
      },
    });
    writer.create(PODS, pod);
    events.record({
      about: set,
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `create Pod ${podName} in StatefulSet ${nameOf(set)} successful`,
      source: SOURCE,
    });
  }

  /** A claim per template per pod, kept across pod restarts. */
  private ensureClaim(
    set: KubeObject,
    claim: ClaimTemplate,
    podName: string,
  ): { volume: string; claimName: string } {
    const volume = claim.metadata?.name ?? '';
    const claimName = `${volume}-${podName}`;
    const namespace = set.metadata.namespace ?? '';
    if (this.context.cluster.store.get(CLAIMS, namespace, claimName)) return { volume, claimName };
    // Admission gives it the default class; the volume binder provisions and binds it once the
    // pod that uses it is scheduled.
    this.context.writer.create(CLAIMS, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName,
        namespace,
        labels: { ...claim.metadata?.labels, ...specOf(set).selector?.matchLabels },
      },
      spec: { ...claim.spec },
    });
    this.context.events.record({
      about: set,
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `create Claim ${claimName} Pod ${podName} in StatefulSet ${nameOf(set)} success`,
      source: SOURCE,
    });
    return { volume, claimName };
  }

  private deletePod(set: KubeObject, pod: KubeObject): void {
    this.context.writer.delete(PODS, pod.metadata.namespace ?? '', nameOf(pod));
    this.context.events.record({
      about: set,
      type: 'Normal',
      reason: 'SuccessfulDelete',
      message: `delete Pod ${nameOf(pod)} in StatefulSet ${nameOf(set)} successful`,
      source: SOURCE,
    });
  }

  /** RollingUpdate: once every pod is ready, the highest-ordinal outdated pod (above the partition) is replaced. */
  private rollOne(set: KubeObject, revision: string, replicas: number): void {
    const strategy = specOf(set).updateStrategy;
    if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return;
    const pods = this.pods(set);
    if (pods.length < replicas || !pods.every(isReady)) return;
    const partition = strategy?.rollingUpdate?.partition ?? 0;
    const outdated = pods
      .filter((pod) => revisionLabel(pod) !== revision && ordinalOf(set, pod) >= partition)
      .sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
    const [next] = outdated;
    if (next) this.deletePod(set, next);
  }

  private updateStatus(set: KubeObject, updateRevision: string): void {
    const { cluster, now, writer } = this.context;
    const current = cluster.store.get(STATEFUL_SETS, set.metadata.namespace ?? '', nameOf(set));
    if (!current) return;
    const pods = this.pods(current);
    const previous = (current.status ?? {}) as { currentRevision?: string; collisionCount?: number };
    const updated = pods.filter((pod) => revisionLabel(pod) === updateRevision).length;
    const ready = pods.filter(isReady).length;
    const complete =
      updated === replicasOf(current) && ready === pods.length && pods.length === replicasOf(current);
    const currentRevisionName = complete ? updateRevision : (previous.currentRevision ?? updateRevision);
    const at = now();
    const minReadySeconds = specOf(current).minReadySeconds ?? 0;
    const status = {
      ...nonZero({
        availableReplicas: pods.filter((pod) => isAvailable(pod, minReadySeconds, at)).length,
        currentReplicas: pods.filter((pod) => revisionLabel(pod) === currentRevisionName).length,
        readyReplicas: ready,
      }),
      collisionCount: previous.collisionCount ?? 0,
      currentRevision: currentRevisionName,
      observedGeneration: current.metadata.generation ?? 1,
      replicas: pods.length,
      updateRevision,
      ...nonZero({ updatedReplicas: updated }),
    };
    writer.update(STATEFUL_SETS, current, { ...current, status });
    pruneRevisions(this.context, current, new Set([currentRevisionName, updateRevision]));
  }
}
