// The ReplicaSet controller: keeps spec.replicas active pods, adopts matching orphans, reports status.
import { apiTime } from '../seed/timestamps.js';
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import {
  controllerOf,
  controllerReference,
  isControlledBy,
  keyOf,
  type LabelSelectorSpec,
  nameOf,
  nonZero,
  PODS,
  REPLICA_SETS,
  replicasOf,
  selects,
  splitKey,
} from './objects.js';
import { createControlledPod, deleteControlledPod } from './pod-control.js';
import { type PodTemplate, podFromTemplate } from './pod-factory.js';
import { availableAt, deletionOrder, isActive, isAvailable, isReady } from './pod-state.js';
import { RefusedCreates } from './refused-creates.js';

interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelectorSpec;
  template?: PodTemplate;
}

const SOURCE = { component: 'replicaset-controller' };

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The ReplicaFailure condition is set when a create fails and none is set, and removed once creates work. */
function replicaFailure(conditions: Condition[] = [], failure: string | undefined, at: Date): Condition[] {
  const others = conditions.filter((condition) => condition.type !== 'ReplicaFailure');
  if (failure === undefined) return others;
  const current = conditions.find((condition) => condition.type === 'ReplicaFailure');
  if (current) return conditions;
  const lastTransitionTime = apiTime(at);
  return [
    ...others,
    { type: 'ReplicaFailure', status: 'True', lastTransitionTime, reason: 'FailedCreate', message: failure },
  ];
}

function specOf(replicaSet: KubeObject): ReplicaSetSpec {
  return (replicaSet.spec ?? {}) as ReplicaSetSpec;
}

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset-controller';
  readonly watches = [REPLICA_SETS, PODS];

  private readonly refused: RefusedCreates;

  constructor(private readonly context: ControllerContext) {
    this.refused = new RefusedCreates(context, this);
  }

  keysFor(event: StoredEvent): string[] {
    const { object, namespace } = event;
    if (object.kind === 'ReplicaSet') return [keyOf(namespace, nameOf(object))];
    const owner = controllerOf(object);
    if (owner?.kind === 'ReplicaSet') return [keyOf(namespace, owner.name)];
    // An orphan pod may be adopted by a ReplicaSet whose selector matches it.
    if (owner || event.type === 'DELETED') return [];
    return this.context.cluster.store
      .list(REPLICA_SETS, namespace)
      .filter((replicaSet) => selects(specOf(replicaSet).selector, object.metadata.labels))
      .map((replicaSet) => keyOf(namespace, nameOf(replicaSet)));
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const replicaSet = this.context.cluster.store.get(REPLICA_SETS, namespace, name);
    if (!replicaSet || replicaSet.metadata.deletionTimestamp) {
      this.refused.settle(key, undefined);
      return;
    }
    this.adoptOrphans(replicaSet);
    const active = this.ownedPods(replicaSet).filter(isActive);
    const difference = active.length - replicasOf(replicaSet);
    const failure = difference < 0 ? this.createPods(replicaSet, -difference) : undefined;
    if (difference > 0) this.deletePods(replicaSet, [...active].sort(deletionOrder).slice(0, difference));
    this.updateStatus(replicaSet, failure);
    this.refused.settle(key, failure);
  }

  private ownedPods(replicaSet: KubeObject): KubeObject[] {
    return this.context.cluster.store
      .list(PODS, replicaSet.metadata.namespace)
      .filter((pod) => isControlledBy(pod, replicaSet));
  }

  private adoptOrphans(replicaSet: KubeObject): void {
    const { selector } = specOf(replicaSet);
    for (const pod of this.context.cluster.store.list(PODS, replicaSet.metadata.namespace)) {
      if (controllerOf(pod) || !isActive(pod) || !selects(selector, pod.metadata.labels)) continue;
      const ownerReferences = [...(pod.metadata.ownerReferences ?? []), controllerReference(replicaSet)];
      this.context.cluster.store.update(PODS, { ...pod, metadata: { ...pod.metadata, ownerReferences } });
    }
  }

  /** Creates up to `count` pods, stopping at the first refusal, whose message it returns. */
  private createPods(replicaSet: KubeObject, count: number): string | undefined {
    for (let i = 0; i < count; i++) {
      const pod = podFromTemplate({
        namespace: replicaSet.metadata.namespace ?? '',
        generateName: `${nameOf(replicaSet)}-`,
        template: specOf(replicaSet).template ?? {},
        owner: controllerReference(replicaSet),
      });
      const refusal = this.refused.attempt(() => createControlledPod(this.context, replicaSet, pod, SOURCE));
      if (refusal) return refusal;
    }
    return undefined;
  }

  private deletePods(replicaSet: KubeObject, pods: KubeObject[]): void {
    for (const pod of pods) deleteControlledPod(this.context, replicaSet, pod, SOURCE);
  }

  /** Counts, and the ReplicaFailure condition while creating pods is refused (calculateStatus). */
  private updateStatus(replicaSet: KubeObject, failure: string | undefined): void {
    const { cluster, now } = this.context;
    const current = cluster.store.get(REPLICA_SETS, replicaSet.metadata.namespace ?? '', nameOf(replicaSet));
    if (!current) return;
    const spec = specOf(current);
    const minReadySeconds = spec.minReadySeconds ?? 0;
    const active = this.ownedPods(current).filter(isActive);
    const templateLabels = Object.entries(spec.template?.metadata?.labels ?? {});
    const fullyLabeled = active.filter((pod) =>
      templateLabels.every(([k, v]) => pod.metadata.labels?.[k] === v),
    );
    const at = now();
    const previous = (current.status ?? {}) as Record<string, unknown>;
    const conditions = replicaFailure(previous.conditions as Condition[] | undefined, failure, at);
    const status = {
      ...(conditions.length > 0 && { conditions }),
      replicas: active.length,
      ...nonZero({
        fullyLabeledReplicas: fullyLabeled.length,
        readyReplicas: active.filter(isReady).length,
        availableReplicas: active.filter((pod) => isAvailable(pod, minReadySeconds, at)).length,
      }),
      observedGeneration: current.metadata.generation ?? 1,
    };
    this.context.writer.update(REPLICA_SETS, current, { ...current, status });
    this.recheckWhenAvailable(current, active, minReadySeconds);
  }

  /** Ready pods become available minReadySeconds later, which no event announces. */
  private recheckWhenAvailable(replicaSet: KubeObject, active: KubeObject[], minReadySeconds: number): void {
    if (minReadySeconds === 0) return;
    const at = this.context.now().getTime();
    const waits = active
      .map((pod) => (availableAt(pod, minReadySeconds)?.getTime() ?? 0) - at)
      .filter((wait) => wait > 0);
    if (waits.length > 0) {
      this.context.requeueAfter(
        this,
        keyOf(replicaSet.metadata.namespace ?? '', nameOf(replicaSet)),
        Math.min(...waits),
      );
    }
  }
}
