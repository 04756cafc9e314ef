// The Deployment controller's reads and writes of ReplicaSets and of the Deployment itself, each with the event
// the real controller records. Kept apart so that the controller reads as the rollout decisions only.
import { ApiError } from '../api/status.js';
import type { KubeObject } from '../types.js';
import type { ControllerContext } from './controller.js';
import {
  byCreation,
  newReplicaSetManifest,
  newReplicaSetReplicas,
  replicaSetAnnotations,
  replicasAnnotations,
} from './deployment-replica-sets.js';
import {
  condition,
  type DeploymentStatus,
  deploymentSpec,
  deploymentStatus,
  newCondition,
  REVISION,
  revisionOf,
  setCondition,
} from './deployment-status.js';
import { DEPLOYMENTS, isControlledBy, nameOf, REPLICA_SETS, replicasOf } from './objects.js';
import { computeHash } from './template-hash.js';

const SOURCE = { component: 'deployment-controller' };

export class DeploymentWrites {
  constructor(private readonly context: ControllerContext) {}

  /** The ReplicaSets the Deployment controls, as stored now. */
  owned(deployment: KubeObject): KubeObject[] {
    return this.context.cluster.store
      .list(REPLICA_SETS, deployment.metadata.namespace)
      .filter((replicaSet) => isControlledBy(replicaSet, deployment));
  }

  /** The stored version of a ReplicaSet, or the one given if it is gone. */
  fresh(replicaSet: KubeObject): KubeObject {
    return (
      this.context.cluster.store.get(REPLICA_SETS, replicaSet.metadata.namespace ?? '', nameOf(replicaSet)) ??
      replicaSet
    );
  }

  /** The stored version of the Deployment, if it still exists. */
  stored(deployment: KubeObject): KubeObject | undefined {
    return this.context.cluster.store.get(
      DEPLOYMENTS,
      deployment.metadata.namespace ?? '',
      nameOf(deployment),
    );
  }

  updateRevision(replicaSet: KubeObject, deployment: KubeObject, revision: number): KubeObject {
    const annotations = replicaSetAnnotations(deployment, replicaSet, revision);
    const minReadySeconds = deploymentSpec(deployment).minReadySeconds;
    const spec = {
      ...(replicaSet.spec as object),
      ...(minReadySeconds !== undefined && { minReadySeconds }),
    };
    const next = { ...replicaSet, metadata: { ...replicaSet.metadata, annotations }, spec };
    return this.context.writer.update(REPLICA_SETS, replicaSet, next);
  }

  createReplicaSet(deployment: KubeObject, oldRSs: KubeObject[], revision: number): KubeObject | undefined {
    const { writer, events } = this.context;
    const spec = deploymentSpec(deployment);
    let status = deploymentStatus(deployment);
    for (let attempt = 0; attempt < 5; attempt++) {
      const hash = computeHash(spec.template, status.collisionCount);
      const replicas = newReplicaSetReplicas(deployment, oldRSs, undefined);
      const replicaSet = newReplicaSetManifest(deployment, hash, replicas, revision);
      try {
        const created = writer.create(REPLICA_SETS, replicaSet);
        if (replicas > 0) {
          events.record({
            about: deployment,
            type: 'Normal',
            reason: 'ScalingReplicaSet',
            message: `Scaled up replica set ${nameOf(replicaSet)} from 0 to ${replicas}`,
            source: SOURCE,
          });
        }
        return created;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status.reason !== 'AlreadyExists') throw error;
        // Another object holds the name: count the collision and hash again, as the real controller does.
        status = { ...status, collisionCount: (status.collisionCount ?? 0) + 1 };
        const stored = this.stored(deployment);
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
  recordRevision(deployment: KubeObject, newRS: KubeObject, found: boolean): KubeObject {
    const stored = this.stored(deployment);
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
  scaleReplicaSet(replicaSet: KubeObject, replicas: number, deployment: KubeObject): KubeObject {
    const current = this.fresh(replicaSet);
    const previous = replicasOf(current);
    const annotations = { ...current.metadata.annotations, ...replicasAnnotations(deployment) };
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

  /** cleanupDeployment: beyond revisionHistoryLimit, the oldest empty sets are deleted. */
  cleanup(deployment: KubeObject, oldRSs: KubeObject[]): void {
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

  writeStatus(deployment: KubeObject, status: DeploymentStatus): void {
    const current = this.stored(deployment);
    if (current) this.context.writer.update(DEPLOYMENTS, current, { ...current, status });
  }
}
