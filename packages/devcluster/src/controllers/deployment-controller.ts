// The Deployment controller: a ReplicaSet per template, rolled over by strategy, with revisions and status.
import { ApiError } from '../api/status.js';
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import {
  availableReplicas,
  calculateStatus,
  condition,
  DESIRED_REPLICAS,
  type DeploymentStatus,
  deploymentSpec,
  deploymentStatus,
  isComplete,
  isRollingUpdate,
  MAX_REPLICAS,
  maxSurge,
  maxUnavailable,
  newCondition,
  REVISION,
  REVISION_HISTORY,
  replicaSetProportion,
  revisionOf,
  setCondition,
  setProgress,
  specReplicas,
} from './deployment-status.js';
import {
  controllerOf,
  controllerReference,
  DEPLOYMENTS,
  isControlledBy,
  keyOf,
  nameOf,
  REPLICA_SETS,
  replicasOf,
  sameContent,
  splitKey,
} from './objects.js';
import { computeHash } from './template-hash.js';

const HASH_LABEL = 'pod-template-hash';
const SOURCE = { component: 'deployment-controller' };
// Deployment annotations that are the controller's own or kubectl's, and never copied to a ReplicaSet.
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

type Template = { metadata?: { labels?: Record<string, string> } } & Record<string, unknown>;

function templateOf(object: KubeObject): Template {
  return ((object.spec as { template?: Template } | undefined)?.template ?? {}) as Template;
}

/** EqualIgnoreHash: the templates match once the ReplicaSet's pod-template-hash label is set aside. */
function sameTemplate(replicaSetTemplate: Template, deploymentTemplate: Template): boolean {
  const labels = { ...replicaSetTemplate.metadata?.labels };
  delete labels[HASH_LABEL];
  return sameContent(
    { ...replicaSetTemplate, metadata: { ...replicaSetTemplate.metadata, labels } },
    deploymentTemplate,
  );
}

function byCreation(a: KubeObject, b: KubeObject): number {
  const order =
    Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '');
  return order !== 0 ? order : nameOf(a).localeCompare(nameOf(b));
}

function isActiveReplicaSet(replicaSet: KubeObject): boolean {
  return replicasOf(replicaSet) > 0;
}

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  readonly watches = [DEPLOYMENTS, REPLICA_SETS];

  constructor(private readonly context: ControllerContext) {}

  keysFor(event: StoredEvent): string[] {
    const { object, namespace } = event;
    if (object.kind === 'Deployment') return [keyOf(namespace, nameOf(object))];
    const owner = controllerOf(object);
    return owner?.kind === 'Deployment' ? [keyOf(namespace, owner.name)] : [];
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const deployment = this.context.cluster.store.get(DEPLOYMENTS, namespace, name);
    if (!deployment) return;
    const replicaSets = this.context.cluster.store
      .list(REPLICA_SETS, namespace)
      .filter((replicaSet) => isControlledBy(replicaSet, deployment));
    if (deployment.metadata.deletionTimestamp) {
      this.syncStatus(deployment, replicaSets);
      return;
    }
    const current = this.checkPaused(deployment);
    if (deploymentSpec(current).paused || this.isScalingEvent(current, replicaSets)) {
      this.scaleOnly(current, replicaSets);
    } else if (isRollingUpdate(current)) {
      this.rolloutRolling(current, replicaSets);
    } else {
      this.rolloutRecreate(current, replicaSets);
    }
  }

  /** checkPausedConditions: pausing and resuming show in the Progressing condition. */
  private checkPaused(deployment: KubeObject): KubeObject {
    const status = structuredClone(deploymentStatus(deployment));
    const progressing = condition(status, 'Progressing');
    const paused = deploymentSpec(deployment).paused === true;
    const now = this.context.now();
    if (paused && progressing?.reason !== 'DeploymentPaused') {
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now),
      );
    } else if (!paused && progressing?.reason === 'DeploymentPaused') {
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now),
      );
    } else {
      return deployment;
    }
    return this.context.writer.update(DEPLOYMENTS, deployment, { ...deployment, status });
  }

  /** A scaling event: some active ReplicaSet was sized for a different replica count. */
  private isScalingEvent(deployment: KubeObject, replicaSets: KubeObject[]): boolean {
    const replicas = String(replicasOf(deployment));
    return replicaSets.filter(isActiveReplicaSet).some((replicaSet) => {
      const desired = replicaSet.metadata.annotations?.[DESIRED_REPLICAS];
      return desired !== undefined && desired !== replicas;
    });
  }

  /** sync(): resize the ReplicaSets (proportionally mid-rollout), clean up, and report; no rollout. */
  private scaleOnly(deployment: KubeObject, replicaSets: KubeObject[]): void {
    const {
      newRS,
      oldRSs,
      deployment: current,
    } = this.replicaSetsAndRevision(deployment, replicaSets, false);
    this.scale(current, newRS, oldRSs);
    if (deploymentSpec(current).paused) this.cleanup(current, oldRSs);
    this.syncStatus(current, this.owned(current));
  }

  private rolloutRolling(deployment: KubeObject, replicaSets: KubeObject[]): void {
    const { newRS, oldRSs, deployment: current } = this.replicaSetsAndRevision(deployment, replicaSets, true);
    if (!newRS) return;
    const scaledUp = this.reconcileNewReplicaSet(current, newRS, oldRSs);
    const scaledDown =
      !scaledUp &&
      this.reconcileOldReplicaSets(
        current,
        this.fresh(newRS),
        oldRSs.map((rs) => this.fresh(rs)),
      );
    if (!scaledUp && !scaledDown && isComplete(current, deploymentStatus(current)))
      this.cleanup(current, oldRSs);
    this.syncRolloutStatus(current);
  }

  private rolloutRecreate(deployment: KubeObject, replicaSets: KubeObject[]): void {
    const first = this.replicaSetsAndRevision(deployment, replicaSets, false);
    const activeOld = first.oldRSs.filter(isActiveReplicaSet);
    for (const old of activeOld) this.scaleReplicaSet(old, 0, first.deployment);
    const oldPodsRunning = first.oldRSs.some(
      (rs) => Number((rs.status as { replicas?: number } | undefined)?.replicas ?? 0) > 0,
    );
    if (activeOld.length === 0 && !oldPodsRunning) {
      const { newRS, deployment: current } = this.replicaSetsAndRevision(
        first.deployment,
        this.owned(first.deployment),
        true,
      );
      if (newRS && replicasOf(newRS) !== replicasOf(current))
        this.scaleReplicaSet(newRS, replicasOf(current), current);
      if (isComplete(current, deploymentStatus(current))) this.cleanup(current, first.oldRSs);
    }
    this.syncRolloutStatus(first.deployment);
  }

  private owned(deployment: KubeObject): KubeObject[] {
    return this.context.cluster.store
      .list(REPLICA_SETS, deployment.metadata.namespace)
      .filter((replicaSet) => isControlledBy(replicaSet, deployment));
  }

  private fresh(replicaSet: KubeObject): KubeObject {
    return (
      this.context.cluster.store.get(REPLICA_SETS, replicaSet.metadata.namespace ?? '', nameOf(replicaSet)) ??
      replicaSet
    );
  }

  /**
   * getAllReplicaSetsAndSyncRevision: the new ReplicaSet is the oldest whose template matches; it gets the
   * next revision (which is how an undo reuses an old ReplicaSet) and the Deployment records it.
   */
  private replicaSetsAndRevision(deployment: KubeObject, replicaSets: KubeObject[], create: boolean) {
    const sorted = [...replicaSets].sort(byCreation);
    const template = templateOf(deployment);
    const existing = sorted.find((replicaSet) => sameTemplate(templateOf(replicaSet), template));
    const oldRSs = sorted.filter((replicaSet) => replicaSet !== existing);
    const nextRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    let newRS = existing && this.updateRevision(existing, deployment, nextRevision);
    if (!newRS && create) newRS = this.createReplicaSet(deployment, oldRSs, nextRevision);
    let current = deployment;
    if (newRS) current = this.recordRevision(deployment, newRS, existing !== undefined);
    return { newRS, oldRSs, deployment: current };
  }

  /** SetNewReplicaSetAnnotations: copy the Deployment's annotations and move the revision forward. */
  private replicaSetAnnotations(
    deployment: KubeObject,
    replicaSet: KubeObject | undefined,
    revision: number,
  ) {
    const annotations: Record<string, string> = { ...replicaSet?.metadata.annotations };
    for (const [key, value] of Object.entries(deployment.metadata.annotations ?? {})) {
      if (!NOT_COPIED.has(key)) annotations[key] = value;
    }
    const previous = replicaSet ? revisionOf(replicaSet) : 0;
    if (previous < revision) {
      if (previous > 0) {
        const history = annotations[REVISION_HISTORY];
        annotations[REVISION_HISTORY] = history ? `${history},${previous}` : String(previous);
      }
      annotations[REVISION] = String(revision);
    }
    return annotations;
  }

  private updateRevision(replicaSet: KubeObject, deployment: KubeObject, revision: number): KubeObject {
    const annotations = this.replicaSetAnnotations(deployment, replicaSet, revision);
    const minReadySeconds = deploymentSpec(deployment).minReadySeconds;
    const spec = {
      ...(replicaSet.spec as object),
      ...(minReadySeconds !== undefined && { minReadySeconds }),
    };
    const next = { ...replicaSet, metadata: { ...replicaSet.metadata, annotations }, spec };
    return this.context.writer.update(REPLICA_SETS, replicaSet, next);
  }

  private replicasAnnotations(deployment: KubeObject): Record<string, string> {
    const replicas = replicasOf(deployment);
    return { [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge(deployment)) };
  }

  /** NewRSNewReplicas: all at once for Recreate; within maxSurge for a rolling update. */
  private newReplicaSetReplicas(
    deployment: KubeObject,
    all: KubeObject[],
    newRS: KubeObject | undefined,
  ): number {
    const replicas = replicasOf(deployment);
    if (!isRollingUpdate(deployment)) return replicas;
    const current = newRS ? replicasOf(newRS) : 0;
    const total = specReplicas(all);
    const maxTotal = replicas + maxSurge(deployment);
    if (total >= maxTotal) return current;
    return current + Math.max(0, Math.min(maxTotal - total, replicas - current));
  }

  private createReplicaSet(
    deployment: KubeObject,
    oldRSs: KubeObject[],
    revision: number,
  ): KubeObject | undefined {
    const { writer, events } = this.context;
    const spec = deploymentSpec(deployment);
    let status = deploymentStatus(deployment);
    for (let attempt = 0; attempt < 5; attempt++) {
      const hash = computeHash(spec.template, status.collisionCount);
      const name = `${nameOf(deployment)}-${hash}`;
      const templateLabels = { ...spec.template?.metadata?.labels, [HASH_LABEL]: hash };
      const replicas = this.newReplicaSetReplicas(deployment, oldRSs, undefined);
      const replicaSet: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace: deployment.metadata.namespace,
          labels: templateLabels,
          annotations: {
            ...this.replicaSetAnnotations(deployment, undefined, revision),
            ...this.replicasAnnotations(deployment),
          },
          ownerReferences: [controllerReference(deployment)],
        },
        spec: {
          replicas,
          ...(spec.minReadySeconds !== undefined && { minReadySeconds: spec.minReadySeconds }),
          selector: { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, [HASH_LABEL]: hash } },
          template: { ...spec.template, metadata: { ...spec.template?.metadata, labels: templateLabels } },
        },
      };
      try {
        const created = writer.create(REPLICA_SETS, replicaSet);
        if (replicas > 0) {
          events.record({
            about: deployment,
            type: 'Normal',
            reason: 'ScalingReplicaSet',
            message: `Scaled up replica set ${name} from 0 to ${replicas}`,
            source: SOURCE,
          });
        }
        return created;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status.reason !== 'AlreadyExists') throw error;
        // Another object holds the name: count the collision and hash again, as the real controller does.
        status = { ...status, collisionCount: (status.collisionCount ?? 0) + 1 };
        const stored = this.context.cluster.store.get(
          DEPLOYMENTS,
          deployment.metadata.namespace ?? '',
          nameOf(deployment),
        );
        if (stored)
          this.context.writer.update(DEPLOYMENTS, stored, {
            ...stored,
            status: { ...deploymentStatus(stored), ...status },
          });
      }
    }
    return undefined;
  }

  /** The Deployment takes the new ReplicaSet's revision; its Progressing condition notes a new or found set. */
  private recordRevision(deployment: KubeObject, newRS: KubeObject, found: boolean): KubeObject {
    const stored = this.context.cluster.store.get(
      DEPLOYMENTS,
      deployment.metadata.namespace ?? '',
      nameOf(deployment),
    );
    if (!stored) return deployment;
    const annotations = { ...stored.metadata.annotations, [REVISION]: String(revisionOf(newRS)) };
    const status = structuredClone(deploymentStatus(stored));
    const now = this.context.now();
    if (!found) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          'NewReplicaSetCreated',
          `Created new replica set "${nameOf(newRS)}"`,
          now,
        ),
      );
    } else if (!condition(status, 'Progressing')) {
      setCondition(
        status,
        newCondition(
          'Progressing',
          'True',
          'FoundNewReplicaSet',
          `Found new replica set "${nameOf(newRS)}"`,
          now,
        ),
      );
    }
    return this.context.writer.update(DEPLOYMENTS, stored, {
      ...stored,
      metadata: { ...stored.metadata, annotations },
      status,
    });
  }

  /** scaleReplicaSetAndRecordEvent: resize, stamp the sizes it was made for, and say so. */
  private scaleReplicaSet(replicaSet: KubeObject, replicas: number, deployment: KubeObject): KubeObject {
    const current = this.fresh(replicaSet);
    const previous = replicasOf(current);
    const annotations = { ...current.metadata.annotations, ...this.replicasAnnotations(deployment) };
    const next = {
      ...current,
      metadata: { ...current.metadata, annotations },
      spec: { ...(current.spec as object), replicas },
    };
    const updated = this.context.writer.update(REPLICA_SETS, current, next);
    if (previous !== replicas) {
      this.context.events.record({
        about: deployment,
        type: 'Normal',
        reason: 'ScalingReplicaSet',
        message: `Scaled ${replicas > previous ? 'up' : 'down'} replica set ${nameOf(current)} from ${previous} to ${replicas}`,
        source: SOURCE,
      });
    }
    return updated;
  }

  /** scale(): one active ReplicaSet takes the whole count; mid-rollout, the change is shared out by size. */
  private scale(deployment: KubeObject, newRS: KubeObject | undefined, oldRSs: KubeObject[]): void {
    const replicas = replicasOf(deployment);
    const all = [...(newRS ? [newRS] : []), ...oldRSs];
    const active = all.filter(isActiveReplicaSet);
    const newest = newRS ?? [...oldRSs].sort(byCreation).at(-1);
    const single = active.length === 0 ? newest : active.length === 1 ? active[0] : undefined;
    // Every set is rescaled even when its size stays, so that its annotations record the new replica count:
    // a set left with the old desired-replicas would make each later sync a scaling event, and stall the rollout.
    if (single) {
      this.scaleReplicaSet(single, replicas, deployment);
      return;
    }
    if (newRS && this.isSaturated(deployment, newRS)) {
      for (const old of oldRSs.filter(isActiveReplicaSet)) this.scaleReplicaSet(old, 0, deployment);
      return;
    }
    if (!isRollingUpdate(deployment)) return;
    const allowed = replicas > 0 ? replicas + maxSurge(deployment) : 0;
    const toAdd = allowed - specReplicas(active);
    // Scaling up favours the newest sets, scaling down the oldest, as ReplicaSetsBySizeNewer/Older order them.
    const ordered = [...active].sort(
      (a, b) => replicasOf(b) - replicasOf(a) || (toAdd > 0 ? -1 : 1) * byCreation(a, b),
    );
    let added = 0;
    const sizes = ordered.map((rs) => {
      const share = replicaSetProportion(rs, deployment, toAdd, added);
      added += share;
      return replicasOf(rs) + share;
    });
    // What rounding left over goes to the largest set.
    sizes[0] = Math.max(0, (sizes[0] ?? 0) + toAdd - added);
    ordered.forEach((rs, i) => {
      this.scaleReplicaSet(rs, sizes[i] ?? 0, deployment);
    });
  }

  private isSaturated(deployment: KubeObject, replicaSet: KubeObject): boolean {
    const replicas = replicasOf(deployment);
    return (
      replicaSet.metadata.annotations?.[DESIRED_REPLICAS] === String(replicas) &&
      replicasOf(replicaSet) === replicas &&
      availableReplicas([replicaSet]) === replicas
    );
  }

  private reconcileNewReplicaSet(deployment: KubeObject, newRS: KubeObject, oldRSs: KubeObject[]): boolean {
    const replicas = replicasOf(deployment);
    if (replicasOf(newRS) === replicas) return false;
    const target =
      replicasOf(newRS) > replicas
        ? replicas
        : this.newReplicaSetReplicas(deployment, [newRS, ...oldRSs], newRS);
    if (target === replicasOf(newRS)) return false;
    this.scaleReplicaSet(newRS, target, deployment);
    return true;
  }

  /** Scale old sets down as far as maxUnavailable allows, unhealthy replicas first. */
  private reconcileOldReplicaSets(deployment: KubeObject, newRS: KubeObject, oldRSs: KubeObject[]): boolean {
    if (specReplicas(oldRSs) === 0) return false;
    const all = [newRS, ...oldRSs];
    const minAvailable = replicasOf(deployment) - maxUnavailable(deployment);
    const newUnavailable = replicasOf(newRS) - availableReplicas([newRS]);
    let budget = specReplicas(all) - minAvailable - newUnavailable;
    if (budget <= 0) return false;
    let scaled = false;
    const sorted = oldRSs.filter(isActiveReplicaSet).sort(byCreation);
    for (const old of sorted) {
      const unhealthy = replicasOf(old) - availableReplicas([old]);
      const cut = Math.min(budget, unhealthy);
      if (cut <= 0) continue;
      this.scaleReplicaSet(old, replicasOf(old) - cut, deployment);
      budget -= cut;
      scaled = true;
    }
    const remaining = sorted.map((rs) => this.fresh(rs));
    let surplus = availableReplicas([newRS, ...remaining]) - minAvailable;
    for (const old of remaining) {
      if (surplus <= 0) break;
      const cut = Math.min(replicasOf(old), surplus);
      if (cut <= 0) continue;
      this.scaleReplicaSet(old, replicasOf(old) - cut, deployment);
      surplus -= cut;
      scaled = true;
    }
    return scaled;
  }

  /** cleanupDeployment: beyond revisionHistoryLimit, the oldest empty sets are deleted. */
  private cleanup(deployment: KubeObject, oldRSs: KubeObject[]): void {
    const limit = deploymentSpec(deployment).revisionHistoryLimit ?? 10;
    const cleanable = oldRSs
      .map((rs) => this.fresh(rs))
      .filter(
        (rs) =>
          replicasOf(rs) === 0 &&
          !Number((rs.status as { replicas?: number } | undefined)?.replicas) &&
          !rs.metadata.deletionTimestamp,
      )
      .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const replicaSet of cleanable.slice(0, Math.max(0, cleanable.length - limit))) {
      this.context.writer.delete(REPLICA_SETS, replicaSet.metadata.namespace ?? '', nameOf(replicaSet));
    }
  }

  private syncStatus(deployment: KubeObject, replicaSets: KubeObject[]): void {
    const newRS = this.newReplicaSetOf(deployment, replicaSets);
    const status = calculateStatus(deployment, replicaSets, newRS, this.context.now());
    this.writeStatus(deployment, status);
  }

  private syncRolloutStatus(deployment: KubeObject): void {
    const current = this.context.cluster.store.get(
      DEPLOYMENTS,
      deployment.metadata.namespace ?? '',
      nameOf(deployment),
    );
    if (!current) return;
    const replicaSets = this.owned(current);
    const newRS = this.newReplicaSetOf(current, replicaSets);
    const now = this.context.now();
    const status = calculateStatus(current, replicaSets, newRS, now);
    setProgress(current, status, newRS, now);
    this.writeStatus(current, status);
  }

  private newReplicaSetOf(deployment: KubeObject, replicaSets: KubeObject[]): KubeObject | undefined {
    return [...replicaSets]
      .sort(byCreation)
      .find((rs) => sameTemplate(templateOf(rs), templateOf(deployment)));
  }

  private writeStatus(deployment: KubeObject, status: DeploymentStatus): void {
    const current = this.context.cluster.store.get(
      DEPLOYMENTS,
      deployment.metadata.namespace ?? '',
      nameOf(deployment),
    );
    if (current) this.context.writer.update(DEPLOYMENTS, current, { ...current, status });
  }
}
