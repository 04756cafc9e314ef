import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, EVENTS, PODS, REPLICA_SETS, replicasOf } from '../../../src/controllers/objects.js';
import type { KubeObject } from '../../../src/types.js';
import { deploymentBody, type TestCluster, testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

/** kubectl's DeploymentStatusViewer: the rule `kubectl rollout status` waits on. */
function rolloutFinished(deployment: KubeObject): boolean {
  const status = (deployment.status ?? {}) as Record<string, number>;
  const replicas = (deployment.spec as { replicas: number }).replicas;
  return (
    (deployment.metadata.generation ?? 0) <= (status.observedGeneration ?? 0) &&
    (status.updatedReplicas ?? 0) >= replicas &&
    (status.replicas ?? 0) <= (status.updatedReplicas ?? 0) &&
    (status.availableReplicas ?? 0) >= (status.updatedReplicas ?? 0)
  );
}

function ownedBy(objects: KubeObject[], owner: KubeObject): KubeObject[] {
  return objects.filter((object) =>
    object.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid),
  );
}

function restart(test: TestCluster, name: string, at: string): void {
  test.edit(DEPLOYMENTS, name, (deployment) => {
    const template = (deployment.spec as { template: { metadata: { annotations?: Record<string, string> } } })
      .template;
    template.metadata.annotations = {
      ...template.metadata.annotations,
      'kubectl.kubernetes.io/restartedAt': at,
    };
  });
}

/** Lets the controllers run one pass over what is queued, as they do between two kubectl calls. */
function onePass(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function setImage(test: TestCluster, name: string, image: string): void {
  test.edit(DEPLOYMENTS, name, (deployment) => {
    const { containers } = (deployment.spec as { template: { spec: { containers: { image: string }[] } } })
      .template.spec;
    containers[0] = { ...containers[0], image };
  });
}

describe('the deployment and replicaset controllers', () => {
  it('creates a ReplicaSet named by its template hash and running pods with kubelet status', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('web', 3));
    await test.controllers.idle();

    const deployment = test.get(DEPLOYMENTS, 'web');
    const [replicaSet, ...others] = test.list(REPLICA_SETS);
    expect(others).toEqual([]);
    const hash = replicaSet?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(replicaSet?.metadata.name).toBe(`web-${hash}`);
    expect(replicaSet?.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(replicaSet?.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: deployment.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect((replicaSet?.spec as { selector: unknown } | undefined)?.selector).toEqual({
      matchLabels: { app: 'web', 'pod-template-hash': hash },
    });
    expect(replicaSet?.status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });

    const pods = test.list(PODS);
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      const spec = pod.spec as { nodeName: string };
      expect(['worker-1', 'worker-2']).toContain(spec.nodeName);
      const status = pod.status as Record<string, unknown> & { containerStatuses: Record<string, unknown>[] };
      expect(status.phase).toBe('Running');
      expect(status.podIP).toMatch(/^10\.244\.[12]\.\d+$/);
      expect(status.hostIP).toMatch(/^172\.18\.0\.[34]$/);
      expect(status.qosClass).toBe('BestEffort');
      expect(status.containerStatuses[0]).toMatchObject({
        name: 'web',
        ready: true,
        started: true,
        restartCount: 0,
        image: 'docker.io/library/nginx:1.27',
        imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
        containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
        state: { running: { startedAt: expect.any(String) } },
      });
    }
    expect(new Set(pods.map((pod) => (pod.status as { podIP: string }).podIP)).size).toBe(3);
    expect(deployment.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(deployment.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    const conditions = (deployment.status as { conditions: { type: string; reason: string }[] }).conditions;
    // A condition that changes moves to the end, so a finished rollout lists Progressing last.
    expect(conditions.map(({ type, reason }) => [type, reason])).toEqual([
      ['Available', 'MinimumReplicasAvailable'],
      ['Progressing', 'NewReplicaSetAvailable'],
    ]);
    expect(rolloutFinished(deployment)).toBe(true);
  });

  it('records the events the controllers, the scheduler and the kubelet write', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('web', 1));
    await test.controllers.idle();
    const [replicaSet] = test.list(REPLICA_SETS);
    const [pod] = test.list(PODS);
    const events = test.list(EVENTS);
    const about = (object: KubeObject | undefined) =>
      events.filter((event) => (event.involvedObject as { uid: string }).uid === object?.metadata.uid);
    const summary = (event: KubeObject) => [event.reason, event.message];

    expect(about(test.get(DEPLOYMENTS, 'web')).map(summary)).toEqual([
      ['ScalingReplicaSet', `Scaled up replica set ${replicaSet?.metadata.name} from 0 to 1`],
    ]);
    expect(about(replicaSet).map(summary)).toEqual([
      ['SuccessfulCreate', `Created pod: ${pod?.metadata.name}`],
    ]);
    const nodeName = (pod?.spec as { nodeName: string } | undefined)?.nodeName;
    expect(about(pod).map(summary)).toEqual([
      ['Scheduled', `Successfully assigned team-a/${pod?.metadata.name} to ${nodeName}`],
      ['Pulled', 'Container image "nginx:1.27" already present on machine'],
      ['Created', 'Created container: web'],
      ['Started', 'Started container web'],
    ]);
    const [scaled] = about(test.get(DEPLOYMENTS, 'web'));
    expect(scaled).toMatchObject({
      type: 'Normal',
      count: 1,
      source: { component: 'deployment-controller' },
      reportingComponent: 'deployment-controller',
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'team-a', apiVersion: 'apps/v1' },
      firstTimestamp: expect.any(String),
      lastTimestamp: expect.any(String),
    });
  });

  it('scales 3 to 5 to 1, removing the newest pods first', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('web', 3));
    await test.controllers.idle();
    const original = test.list(PODS).map((pod) => pod.metadata.name);

    test.advance(10);
    test.edit(DEPLOYMENTS, 'web', (d) => Object.assign(d.spec as object, { replicas: 5 }));
    await test.controllers.idle();
    expect(
      test.list(PODS).filter((pod) => (pod.status as { phase: string }).phase === 'Running'),
    ).toHaveLength(5);
    expect(test.get(DEPLOYMENTS, 'web').status).toMatchObject({
      replicas: 5,
      availableReplicas: 5,
      observedGeneration: 2,
    });
    expect(
      test.list(REPLICA_SETS)[0]?.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'],
    ).toBe('5');

    test.edit(DEPLOYMENTS, 'web', (d) => Object.assign(d.spec as object, { replicas: 1 }));
    await test.controllers.idle();
    const remaining = test.list(PODS);
    expect(remaining).toHaveLength(1);
    expect(original).toContain(remaining[0]?.metadata.name);
    const deployment = test.get(DEPLOYMENTS, 'web');
    expect(deployment.status).toMatchObject({ replicas: 1, updatedReplicas: 1, availableReplicas: 1 });
    expect(rolloutFinished(deployment)).toBe(true);
    const messages = test.list(EVENTS).map((event) => event.message);
    const rsName = test.list(REPLICA_SETS)[0]?.metadata.name;
    expect(messages).toContain(`Scaled up replica set ${rsName} from 3 to 5`);
    expect(messages).toContain(`Scaled down replica set ${rsName} from 5 to 1`);
  });

  it('rolls a restarted template onto a new ReplicaSet and scales the old one to zero', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('web', 4));
    await test.controllers.idle();
    const [first] = test.list(REPLICA_SETS);

    restart(test, 'web', '2026-01-01T00:00:00Z');
    await test.controllers.idle();

    const replicaSets = test.list(REPLICA_SETS);
    expect(replicaSets).toHaveLength(2);
    const second = replicaSets.find((rs) => rs.metadata.uid !== first?.metadata.uid);
    expect(second?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect((test.get(REPLICA_SETS, first?.metadata.name ?? '').spec as { replicas: number }).replicas).toBe(
      0,
    );
    expect((second?.spec as { replicas: number } | undefined)?.replicas).toBe(4);
    const pods = test.list(PODS);
    expect(pods).toHaveLength(4);
    expect(ownedBy(pods, second as KubeObject)).toHaveLength(4);
    const deployment = test.get(DEPLOYMENTS, 'web');
    expect(deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(rolloutFinished(deployment)).toBe(true);
    const progressing = (
      deployment.status as { conditions: { type: string; message: string }[] }
    ).conditions.find((c) => c.type === 'Progressing');
    expect(progressing?.message).toBe(`ReplicaSet "${second?.metadata.name}" has successfully progressed.`);
  });

  it('reuses the old ReplicaSet, with the next revision, when an undo brings its template back', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('web', 2));
    await test.controllers.idle();
    const [first] = test.list(REPLICA_SETS);
    const firstTemplate = structuredClone(
      (test.get(DEPLOYMENTS, 'web').spec as { template: unknown }).template,
    );
    test.edit(DEPLOYMENTS, 'web', (d) => {
      const { containers } = (d.spec as { template: { spec: { containers: { image: string }[] } } }).template
        .spec;
      containers[0] = { ...containers[0], image: 'nginx:1.28' };
    });
    await test.controllers.idle();

    // kubectl rollout undo copies the old ReplicaSet's template (without its hash label) into the Deployment.
    test.edit(DEPLOYMENTS, 'web', (d) => Object.assign(d.spec as object, { template: firstTemplate }));
    await test.controllers.idle();

    const replicaSets = test.list(REPLICA_SETS);
    expect(replicaSets).toHaveLength(2);
    const reused = test.get(REPLICA_SETS, first?.metadata.name ?? '');
    expect(reused.metadata.uid).toBe(first?.metadata.uid);
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect((reused.spec as { replicas: number }).replicas).toBe(2);
    expect(ownedBy(test.list(PODS), reused)).toHaveLength(2);
    const deployment = test.get(DEPLOYMENTS, 'web');
    expect(deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(rolloutFinished(deployment)).toBe(true);
  });

  it('finishes a rollout scaled up while its template changed three times in a row', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('shop', 2));
    await test.controllers.idle();
    for (const image of ['nginx:1.28', 'nginx:1.29', 'nginx:1.30']) {
      setImage(test, 'shop', image);
      await onePass();
    }
    test.edit(DEPLOYMENTS, 'shop', (d) => Object.assign(d.spec as object, { replicas: 3 }));
    await test.controllers.idle();

    const deployment = test.get(DEPLOYMENTS, 'shop');
    const replicaSets = test.list(REPLICA_SETS);
    const newest = replicaSets.find(
      (rs) =>
        (rs.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]
          ?.image === 'nginx:1.30',
    );
    expect(newest?.spec).toMatchObject({ replicas: 3 });
    expect(newest?.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    for (const old of replicaSets.filter((rs) => rs !== newest)) {
      expect(old.spec).toMatchObject({ replicas: 0 });
      expect((old.status as { replicas: number }).replicas).toBe(0);
    }
    expect(ownedBy(test.list(PODS), newest as KubeObject)).toHaveLength(3);
    expect(test.list(PODS)).toHaveLength(3);
    expect(deployment.status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(rolloutFinished(deployment)).toBe(true);
  });

  it('shares a scale-up mid-rollout among the ReplicaSets in proportion to their size', async () => {
    const test = start();
    const body = deploymentBody('web', 10);
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    test.create('apps', 'deployments', { ...body, spec: { ...(body.spec as object), strategy } });
    await test.controllers.idle();
    const [old] = test.list(REPLICA_SETS);
    // Pods no node can take never become available, so the rollout stops at 8 old and 5 new replicas.
    test.edit(DEPLOYMENTS, 'web', (d) => {
      const template = (d.spec as { template: { spec: Record<string, unknown> } }).template;
      template.spec.nodeSelector = { disk: 'none' };
    });
    await test.controllers.idle();
    const sizes = () =>
      test.list(REPLICA_SETS).map((rs) => [rs.metadata.uid === old?.metadata.uid, replicasOf(rs)]);
    expect(sizes()).toEqual(
      expect.arrayContaining([
        [true, 8],
        [false, 5],
      ]),
    );

    test.edit(DEPLOYMENTS, 'web', (d) => Object.assign(d.spec as object, { replicas: 15 }));
    await test.controllers.idle();
    // The documented example: 5 more replicas (18 allowed) go 3 to the old set and 2 to the new one.
    expect(sizes()).toEqual(
      expect.arrayContaining([
        [true, 11],
        [false, 7],
      ]),
    );
    for (const rs of test.list(REPLICA_SETS)) {
      expect(rs.metadata.annotations).toMatchObject({
        'deployment.kubernetes.io/desired-replicas': '15',
        'deployment.kubernetes.io/max-replicas': '18',
      });
    }
  });

  it('does not roll out a paused deployment until it is resumed', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('web', 2));
    await test.controllers.idle();
    test.edit(DEPLOYMENTS, 'web', (d) => Object.assign(d.spec as object, { paused: true }));
    restart(test, 'web', '2026-01-01T00:00:00Z');
    await test.controllers.idle();
    expect(test.list(REPLICA_SETS)).toHaveLength(1);
    const paused = (test.get(DEPLOYMENTS, 'web').status as { conditions: { type: string; reason: string }[] })
      .conditions;
    expect(paused.find((c) => c.type === 'Progressing')?.reason).toBe('DeploymentPaused');

    test.edit(DEPLOYMENTS, 'web', (d) => Object.assign(d.spec as object, { paused: false }));
    await test.controllers.idle();
    expect(test.list(REPLICA_SETS)).toHaveLength(2);
    expect(rolloutFinished(test.get(DEPLOYMENTS, 'web'))).toBe(true);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', async () => {
    const test = start();
    test.create('apps', 'deployments', {
      ...deploymentBody('web', 1),
      spec: { ...(deploymentBody('web', 1).spec as object), revisionHistoryLimit: 1 },
    });
    await test.controllers.idle();
    for (const at of ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z']) {
      restart(test, 'web', at);
      await test.controllers.idle();
    }
    const revisions = test
      .list(REPLICA_SETS)
      .map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision']);
    expect(revisions.sort()).toEqual(['3', '4']);
  });

  it('replaces a deleted pod and reports its container stopped', async () => {
    const test = start();
    test.create('apps', 'deployments', deploymentBody('web', 2));
    await test.controllers.idle();
    const [victim] = test.list(PODS);
    test.cluster.store.delete(PODS, 'team-a', victim?.metadata.name ?? '');
    await test.controllers.idle();
    const pods = test.list(PODS);
    expect(pods).toHaveLength(2);
    expect(pods.map((pod) => pod.metadata.name)).not.toContain(victim?.metadata.name);
    const messages = test.list(EVENTS).map((event) => [event.reason, event.message]);
    expect(messages).toContainEqual(['Killing', 'Stopping container web']);
  });
});
