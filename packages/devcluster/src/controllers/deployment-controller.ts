// The Deployment controller: a ReplicaSet per template, rolled over by strategy, with revisions and status.
// The rollout decisions live here; the pure ReplicaSet facts are in deployment-replica-sets.ts and the
// store writes (with their events) in deployment-writes.ts.
import type { StoredEvent } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import type { Controller, ControllerContext } from './controller.js';
import {
  byCreation,
  isActiveReplicaSet,
  isSaturated,
  newReplicaSetOf,
  newReplicaSetReplicas,
  sameTemplate,
  templateOf,
} from './deployment-replica-sets.js';
import {
  availableReplicas,
  calculateStatus,
  condition,
  copyReplicaFailure,
  DESIRED_REPLICAS,
  deploymentSpec,
  deploymentStatus,
  isComplete,
  isRollingUpdate,
  maxSurge,
  maxUnavailable,
  newCondition,
  replicaSetProportion,
  revisionOf,
  setCondition,
  setProgress,
  specReplicas,
} from './deployment-status.js';
import { DeploymentWrites } from './deployment-writes.js';
import {
  controllerOf,
  DEPLOYMENTS,
  isControlledBy,
  keyOf,
  nameOf,
  REPLICA_SETS,
  replicasOf,
  splitKey,
} from './objects.js';

export class DeploymentController implements Controller {
  readonly name = 'deployment-controller';
  readonly watches = [DEPLOYMENTS, REPLICA_SETS];
  private readonly writes: DeploymentWrites;

  constructor(private readonly context: ControllerContext) {
    this.writes = new DeploymentWrites(context);
  }

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
    if (deploymentSpec(current).paused) this.writes.cleanup(current, oldRSs);
    this.syncStatus(current, this.writes.owned(current));
  }

  private rolloutRolling(deployment: KubeObject, replicaSets: KubeObject[]): void {
    const { newRS, oldRSs, deployment: current } = this.replicaSetsAndRevision(deployment, replicaSets, true);
    if (!newRS) return;
    const scaledUp = this.reconcileNewReplicaSet(current, newRS, oldRSs);
    const scaledDown =
      !scaledUp &&
      this.reconcileOldReplicaSets(
        current,
        this.writes.fresh(newRS),
        oldRSs.map((rs) => this.writes.fresh(rs)),
      );
    if (!scaledUp && !scaledDown && isComplete(current, deploymentStatus(current)))
      this.writes.cleanup(current, oldRSs);
    this.syncRolloutStatus(current);
  }

  private rolloutRecreate(deployment: KubeObject, replicaSets: KubeObject[]): void {
    const first = this.replicaSetsAndRevision(deployment, replicaSets, false);
    const activeOld = first.oldRSs.filter(isActiveReplicaSet);
    for (const old of activeOld) this.writes.scaleReplicaSet(old, 0, first.deployment);
    const oldPodsRunning = first.oldRSs.some(
      (rs) => Number((rs.status as { replicas?: number } | undefined)?.replicas ?? 0) > 0,
    );
    if (activeOld.length === 0 && !oldPodsRunning) {
      const { newRS, deployment: current } = this.replicaSetsAndRevision(
        first.deployment,
        this.writes.owned(first.deployment),
        true,
      );
      if (newRS && replicasOf(newRS) !== replicasOf(current))
        this.writes.scaleReplicaSet(newRS, replicasOf(current), current);
      if (isComplete(current, deploymentStatus(current))) this.writes.cleanup(current, first.oldRSs);
    }
    this.syncRolloutStatus(first.deployment);
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
    let newRS = existing && this.writes.updateRevision(existing, deployment, nextRevision);
    if (!newRS && create) newRS = this.writes.createReplicaSet(deployment, oldRSs, nextRevision);
    let current = deployment;
    if (newRS) current = this.writes.recordRevision(deployment, newRS, existing !== undefined);
    return { newRS, oldRSs, deployment: current };
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
      this.writes.scaleReplicaSet(single, replicas, deployment);
      return;
    }
    if (newRS && isSaturated(deployment, newRS)) {
      for (const old of oldRSs.filter(isActiveReplicaSet)) this.writes.scaleReplicaSet(old, 0, deployment);
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
      this.writes.scaleReplicaSet(rs, sizes[i] ?? 0, deployment);
    });
  }

  private reconcileNewReplicaSet(deployment: KubeObject, newRS: KubeObject, oldRSs: KubeObject[]): boolean {
    const replicas = replicasOf(deployment);
    if (replicasOf(newRS) === replicas) return false;
    const target =
      replicasOf(newRS) > replicas ? replicas : newReplicaSetReplicas(deployment, [newRS, ...oldRSs], newRS);
    if (target === replicasOf(newRS)) return false;
    this.writes.scaleReplicaSet(newRS, target, deployment);
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
      this.writes.scaleReplicaSet(old, replicasOf(old) - cut, deployment);
      budget -= cut;
      scaled = true;
    }
    const remaining = sorted.map((rs) => this.writes.fresh(rs));
    let surplus = availableReplicas([newRS, ...remaining]) - minAvailable;
    for (const old of remaining) {
      if (surplus <= 0) break;
      const cut = Math.min(replicasOf(old), surplus);
      if (cut <= 0) continue;
      this.writes.scaleReplicaSet(old, replicasOf(old) - cut, deployment);
      surplus -= cut;
      scaled = true;
    }
    return scaled;
  }

  private syncStatus(deployment: KubeObject, replicaSets: KubeObject[]): void {
    const newRS = newReplicaSetOf(deployment, replicaSets);
    const status = calculateStatus(deployment, replicaSets, newRS, this.context.now());
    this.writes.writeStatus(deployment, status);
  }

  private syncRolloutStatus(deployment: KubeObject): void {
    const current = this.writes.stored(deployment);
    if (!current) return;
    const replicaSets = this.writes.owned(current);
    const newRS = newReplicaSetOf(current, replicaSets);
    const now = this.context.now();
    const status = calculateStatus(current, replicaSets, newRS, now);
    setProgress(current, status, newRS, now);
    copyReplicaFailure(status, newRS, replicaSets);
    this.writes.writeStatus(current, status);
  }
}
