import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed } from '../../../src/seed/default-seed.js';
import { extraPods } from '../../../src/seed/extra-pods.js';
import { loadSeed } from '../../../src/seed/seed-file.js';
import type { KubeObject } from '../../../src/types.js';

const now = new Date('2026-03-10T12:00:00Z');
const seed = defaultSeed(now);

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
]);

interface ContainerStatus {
  restartCount: number;
  state: { waiting?: { reason: string; message: string }; running?: unknown };
  lastState: { terminated?: { exitCode: number; reason: string; finishedAt: string } };
}
interface PodStatus {
  phase: string;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  containerStatuses?: ContainerStatus[];
}

const ofKind = (kind: string) => seed.filter((object) => object.kind === kind);
const pods = ofKind('Pod');
const statusOf = (pod: KubeObject) => pod.status as PodStatus;
const isCrashLooping = (pod: KubeObject) =>
  statusOf(pod).containerStatuses?.some((c) => c.state.waiting?.reason === 'CrashLoopBackOff') ?? false;
const isReady = (pod: KubeObject) =>
  statusOf(pod).conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
const key = (kind: string, namespace: string | undefined, name: string | undefined) =>
  `${kind}/${namespace ?? ''}/${name}`;
const keyOf = (object: KubeObject) => key(object.kind, object.metadata.namespace, object.metadata.name);
const ownedBy = (owner: KubeObject) =>
  seed.filter(
    (object) =>
      object.metadata.namespace === owner.metadata.namespace &&
      object.metadata.ownerReferences?.some(
        (ref) => ref.kind === owner.kind && ref.name === owner.metadata.name,
      ),
  );

describe('defaultSeed', () => {
  it('gives the same objects for the same now', () => {
    expect(defaultSeed(new Date(now))).toEqual(seed);
    expect(JSON.stringify(defaultSeed(new Date(now)))).toBe(JSON.stringify(seed));
  });

  it('dates every object before now', () => {
    for (const object of seed) {
      const created = Date.parse(object.metadata.creationTimestamp ?? '');
      expect(created, keyOf(object)).toBeLessThan(now.getTime());
    }
  });

  it('gives every object an apiVersion, a kind and a name, and no two objects the same identity', () => {
    for (const object of seed) {
      expect(object.apiVersion).toMatch(/^([a-z0-9.-]+\/)?v1$/);
      expect(object.kind).toMatch(/^[A-Z]\w+$/);
      expect(object.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    }
    expect(new Set(seed.map(keyOf)).size).toBe(seed.length);
  });

  it('leaves uids to the store', () => {
    for (const object of seed) {
      expect(object.metadata.uid).toBeUndefined();
      for (const reference of object.metadata.ownerReferences ?? []) expect(reference.uid).toBeUndefined();
    }
  });

  it('puts each namespaced object in a namespace the seed created earlier', () => {
    const created = new Set<string>();
    for (const object of seed) {
      if (CLUSTER_SCOPED_KINDS.has(object.kind)) {
        expect(object.metadata.namespace, keyOf(object)).toBeUndefined();
      } else {
        expect(created, keyOf(object)).toContain(object.metadata.namespace);
      }
      if (object.kind === 'Namespace') created.add(object.metadata.name ?? '');
    }
    expect([...created].sort()).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'team-a',
      'team-b',
    ]);
  });

  it('defines the Widget CRD before any widget', () => {
    const crdIndex = seed.findIndex(
      (o) => o.kind === 'CustomResourceDefinition' && o.metadata.name === 'widgets.example.com',
    );
    const widgetIndexes = seed.flatMap((o, index) => (o.kind === 'Widget' ? [index] : []));
    expect(crdIndex).toBeGreaterThanOrEqual(0);
    expect(widgetIndexes).toHaveLength(2);
    for (const index of widgetIndexes) expect(index).toBeGreaterThan(crdIndex);
  });

  it('has a control-plane node tainted NoSchedule and two untainted Ready workers', () => {
    const nodes = ofKind('Node');
    expect(nodes.map((node) => node.metadata.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    for (const node of nodes) {
      const { taints } = node.spec as { taints?: { key: string; effect: string }[] };
      const conditions = (node.status as { conditions: { type: string; status: string }[] }).conditions;
      expect(conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      const isControlPlane = node.metadata.name === 'control-plane';
      expect('node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {})).toBe(isControlPlane);
      expect(taints ?? []).toEqual(
        isControlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : [],
      );
    }
  });

  it('has exactly one crash-looping pod, in team-a, restarting after exit code 1', () => {
    const crashing = pods.filter(isCrashLooping);
    expect(crashing).toHaveLength(1);
    const [pod] = crashing as [KubeObject];
    expect(pod.metadata.namespace).toBe('team-a');
    const [container] = statusOf(pod).containerStatuses as [ContainerStatus];
    expect(container.restartCount).toBeGreaterThanOrEqual(10);
    expect(container.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(container.state.waiting?.message).toBe(
      `back-off 5m0s restarting failed container=api pod=${pod.metadata.name}_team-a`,
    );
  });

  it('has exactly one Pending pod, unschedulable for want of memory', () => {
    const pending = pods.filter((pod) => statusOf(pod).phase === 'Pending');
    expect(pending).toHaveLength(1);
    const [pod] = pending as [KubeObject];
    expect((pod.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect(statusOf(pod).conditions).toEqual([
      expect.objectContaining({
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: expect.stringMatching(/^0\/3 nodes are available: .*2 Insufficient memory\. preemption: /),
      }),
    ]);
  });

  it('reports the crash loop and the failed scheduling in events about those pods', () => {
    const events = ofKind('Event') as (KubeObject & { reason: string; involvedObject: { name: string } })[];
    const aboutPod = (reason: string) =>
      events.filter((event) => event.reason === reason).map((e) => e.involvedObject.name);
    expect(aboutPod('BackOff')).toEqual(pods.filter(isCrashLooping).map((pod) => pod.metadata.name));
    expect(aboutPod('FailedScheduling')).toEqual(
      pods.filter((pod) => statusOf(pod).phase === 'Pending').map((pod) => pod.metadata.name),
    );
  });

  it('gives every pod an owner that the seed creates before it', () => {
    const seen = new Set<string>();
    for (const object of seed) {
      if (object.kind === 'Pod') {
        const [owner] = object.metadata.ownerReferences ?? [];
        expect(owner, keyOf(object)).toBeDefined();
        expect(owner?.controller).toBe(true);
        expect(seen, keyOf(object)).toContain(key(owner?.kind ?? '', object.metadata.namespace, owner?.name));
      }
      seen.add(keyOf(object));
    }
  });

  it('labels every ReplicaSet and its pods with the same pod-template-hash, which ends the ReplicaSet name', () => {
    for (const replicaSet of ofKind('ReplicaSet')) {
      const hash = replicaSet.metadata.labels?.['pod-template-hash'];
      expect(hash).toMatch(/^[4-9bcdf]{8,10}$/);
      expect(replicaSet.metadata.name).toBe(`${replicaSet.metadata.ownerReferences?.[0]?.name}-${hash}`);
      const owned = ownedBy(replicaSet);
      expect(owned.length).toBeGreaterThan(0);
      for (const pod of owned) {
        expect(pod.metadata.labels?.['pod-template-hash']).toBe(hash);
        expect(pod.metadata.name).toMatch(
          new RegExp(`^${replicaSet.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`),
        );
      }
    }
  });

  it('counts in each Deployment and ReplicaSet status the ready pods it has', () => {
    for (const deployment of ofKind('Deployment')) {
      const replicaSets = ownedBy(deployment);
      expect(replicaSets).toHaveLength(1);
      const [replicaSet] = replicaSets as [KubeObject];
      const deploymentPods = ownedBy(replicaSet);
      const ready = deploymentPods.filter(isReady).length;
      const status = deployment.status as {
        replicas: number;
        readyReplicas?: number;
        availableReplicas?: number;
      };
      expect(status.replicas).toBe(deploymentPods.length);
      expect(status.readyReplicas ?? 0, deployment.metadata.name).toBe(ready);
      expect(status.availableReplicas ?? 0).toBe(ready);
      expect((replicaSet.status as { readyReplicas?: number }).readyReplicas ?? 0).toBe(ready);
    }
  });

  it('shows the api Deployment 1/2 ready and below minimum availability', () => {
    const api = seed.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api');
    const status = api?.status as {
      readyReplicas: number;
      conditions: { type: string; status: string; reason: string }[];
    };
    expect(status.readyReplicas).toBe(1);
    expect(status.conditions.find((c) => c.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
  });

  it('binds alice to edit in team-a only, bob to view and admin to cluster-admin everywhere', () => {
    const binding = (kind: string, name: string) =>
      seed.find((o) => o.kind === kind && o.metadata.name === name);
    expect(binding('RoleBinding', 'alice-edit')).toMatchObject({
      metadata: { namespace: 'team-a' },
      roleRef: { kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'User', name: 'alice@example.com' }],
    });
    expect(binding('ClusterRoleBinding', 'bob-view')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'bob@example.com' }],
    });
    expect(binding('ClusterRoleBinding', 'admin-cluster-admin')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'admin@example.com' }],
    });
    expect(seed.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')).toHaveLength(3);
  });

  it('stores secret values base64-encoded', () => {
    const secret = seed.find((o) => o.kind === 'Secret' && o.metadata.name === 'api-credentials');
    const data = secret?.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(['password', 'username']);
    expect(Buffer.from(data.username ?? '', 'base64').toString()).toBe('demo-api');
  });

  it('gives each object its own data, so editing one leaves the others alone', () => {
    type WithRequests = { spec: { containers: { resources: { requests: { cpu: string } } }[] } };
    const webPods = defaultSeed(now).filter((o) => o.kind === 'Pod' && o.metadata.labels?.app === 'web');
    const [first, second] = webPods as unknown as [WithRequests, WithRequests];
    const cpuOf = (pod: WithRequests) => pod.spec.containers[0]?.resources.requests;
    (cpuOf(first) as { cpu: string }).cpu = '4';
    expect(cpuOf(second)?.cpu).toBe('50m');
  });
});

describe('extraPods', () => {
  it('makes the load namespace and the requested number of uniquely named running pods', () => {
    const objects = extraPods(1000, now);
    const loadPods = objects.filter((o) => o.kind === 'Pod');
    expect(objects[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'load' } });
    expect(loadPods).toHaveLength(1000);
    expect(new Set(loadPods.map((pod) => pod.metadata.name)).size).toBe(1000);
    expect(new Set(loadPods.map((pod) => (pod.status as { podIP: string }).podIP)).size).toBe(1000);
    expect(loadPods[0]?.metadata.name).toBe('load-00001');
    expect(loadPods.every((pod) => pod.metadata.namespace === 'load' && isReady(pod))).toBe(true);
  });

  it('spreads the pods evenly over the two workers', () => {
    const nodes = extraPods(10, now)
      .filter((o) => o.kind === 'Pod')
      .map((pod) => (pod.spec as { nodeName: string }).nodeName);
    expect(nodes.filter((node) => node === 'worker-1')).toHaveLength(5);
    expect(nodes.filter((node) => node === 'worker-2')).toHaveLength(5);
  });

  it('gives the same pods for the same now', () => {
    expect(extraPods(20, now)).toEqual(extraPods(20, now));
  });
});

describe('loadSeed', () => {
  let directory = '';
  const file = async (name: string, content: string) => {
    const path = join(directory, name);
    await writeFile(path, content);
    return path;
  };

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'seed-test-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('names the built-in seeds default and empty', async () => {
    expect(await loadSeed('default', now)).toEqual(seed);
    const empty = await loadSeed('empty', now);
    expect(empty.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/default',
      'Namespace/kube-system',
      'Namespace/kube-public',
      'Namespace/kube-node-lease',
    ]);
  });

  it('reads every document of a multi-document YAML file', async () => {
    const path = await file(
      'two.yaml',
      [
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: demo\ndata:\n  mode: fast\n',
        '',
      ].join('---\n'),
    );
    const objects = await loadSeed(path, now);
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings', namespace: 'demo' },
        data: { mode: 'fast' },
      },
    ]);
  });

  it('reads the items of a JSON List', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'one' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'two' } },
      ],
    };
    const objects = await loadSeed(await file('list.json', JSON.stringify(list)), now);
    expect(objects.map((o) => o.metadata.name)).toEqual(['one', 'two']);
  });

  it('names the path and the document of invalid YAML', async () => {
    const path = await file(
      'broken.yaml',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\nkind: [unclosed\n',
    );
    await expect(loadSeed(path, now)).rejects.toThrow(`${path}: document 2: invalid YAML`);
  });

  it('names the path and the document of an object without a kind', async () => {
    const path = await file('kindless.yaml', 'apiVersion: v1\nmetadata:\n  name: nameless-kind\n');
    await expect(loadSeed(path, now)).rejects.toThrow(`${path}: document 1: the object has no kind`);
  });

  it('names the list item without a name', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: {} }],
    };
    const path = await file('nameless.json', JSON.stringify(list));
    await expect(loadSeed(path, now)).rejects.toThrow(
      `${path}: document 1, item 1: the object has no metadata.name`,
    );
  });

  it('names the path of a file it cannot read', async () => {
    const path = join(directory, 'missing.yaml');
    await expect(loadSeed(path, now)).rejects.toThrow(`${path}: cannot read the seed file`);
  });
});
