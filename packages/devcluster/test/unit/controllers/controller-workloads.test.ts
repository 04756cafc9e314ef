import { describe, expect, it } from 'vitest';
import {
  CLAIMS,
  CONTROLLER_REVISIONS,
  DAEMON_SETS,
  JOBS,
  PODS,
  STATEFUL_SETS,
  VOLUMES,
} from '../../../src/controllers/objects.js';
import type { KubeObject } from '../../../src/types.js';
import { NAMESPACE, testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

const template = (labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...extra },
});

/** A StatefulSet whose headless service, selector and pod labels all take its name. */
function statefulSetBody(name: string, replicas: number, extra: Record<string, unknown> = {}) {
  const labels = { app: name };
  return {
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: labels },
      template: template(labels),
      ...extra,
    },
  };
}

function phase(pod: KubeObject | undefined): string | undefined {
  return (pod?.status as { phase?: string } | undefined)?.phase;
}

describe('the statefulset controller', () => {
  it('creates ordinal pods in order, each with its claim, revision label and stable hostname', async () => {
    const test = start();
    test.create(
      'apps',
      'statefulsets',
      statefulSetBody('db', 3, {
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      }),
    );
    await test.controllers.idle();

    const pods = test.list(PODS);
    expect(pods.map((pod) => pod.metadata.name)).toEqual(['db-0', 'db-1', 'db-2']);
    const created = pods.map((pod) => Date.parse(pod.metadata.creationTimestamp ?? ''));
    expect([...created].sort((a, b) => a - b)).toEqual(created);
    const [revision] = test.list(CONTROLLER_REVISIONS);
    expect(revision?.metadata.name).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    for (const [ordinal, pod] of pods.entries()) {
      expect(phase(pod)).toBe('Running');
      expect(pod.metadata.labels).toMatchObject({
        'controller-revision-hash': revision?.metadata.name,
        'statefulset.kubernetes.io/pod-name': `db-${ordinal}`,
        'apps.kubernetes.io/pod-index': String(ordinal),
      });
      expect(pod.spec).toMatchObject({ hostname: `db-${ordinal}`, subdomain: 'db' });
      expect((pod.spec as { volumes: unknown[] }).volumes[0]).toEqual({
        name: 'data',
        persistentVolumeClaim: { claimName: `data-db-${ordinal}` },
      });
    }
    expect(
      test.list(CLAIMS).map((claim) => [claim.metadata.name, (claim.status as { phase: string }).phase]),
    ).toEqual([
      ['data-db-0', 'Bound'],
      ['data-db-1', 'Bound'],
      ['data-db-2', 'Bound'],
    ]);
    // Each claim's volume was provisioned on the node of the pod that first used it.
    for (const pod of pods) {
      const claim = test.get(CLAIMS, `data-${pod.metadata.name}`);
      const volumeName = (claim.spec as { volumeName: string }).volumeName;
      const volume = test.cluster.store.get(VOLUMES, '', volumeName);
      expect(volume?.spec).toMatchObject({
        claimRef: { namespace: NAMESPACE, name: claim.metadata.name, uid: claim.metadata.uid },
        storageClassName: 'standard',
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ values: [(pod.spec as { nodeName: string }).nodeName] }] },
            ],
          },
        },
      });
    }
    expect(test.get(STATEFUL_SETS, 'db').status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: revision?.metadata.name,
      updateRevision: revision?.metadata.name,
    });
  });

  it('scales down from the highest ordinal and keeps the claims', async () => {
    const test = start();
    test.create('apps', 'statefulsets', statefulSetBody('db', 3));
    await test.controllers.idle();
    test.edit(STATEFUL_SETS, 'db', (set) => Object.assign(set.spec as object, { replicas: 1 }));
    await test.controllers.idle();
    expect(test.list(PODS).map((pod) => pod.metadata.name)).toEqual(['db-0']);
  });
});

describe('the daemonset controller', () => {
  it('runs one pod on each node the pods tolerate, pinned by node affinity', async () => {
    const test = start();
    test.create('apps', 'daemonsets', {
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) },
    });
    await test.controllers.idle();

    const pods = test.list(PODS);
    const nodes = pods.map((pod) => (pod.spec as { nodeName: string }).nodeName).sort();
    // The control plane's NoSchedule taint is not tolerated by this template.
    expect(nodes).toEqual(['worker-1', 'worker-2']);
    for (const pod of pods) expect(phase(pod)).toBe('Running');
    expect(test.get(DAEMON_SETS, 'agent').status).toEqual({
      currentNumberScheduled: 2,
      desiredNumberScheduled: 2,
      numberMisscheduled: 0,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
      observedGeneration: 1,
    });
  });

  it('also covers the control plane when the template tolerates its taint', async () => {
    const test = start();
    test.create('apps', 'daemonsets', {
      metadata: { name: 'proxy' },
      spec: {
        selector: { matchLabels: { app: 'proxy' } },
        template: template({ app: 'proxy' }, { tolerations: [{ operator: 'Exists' }] }),
      },
    });
    await test.controllers.idle();
    const nodes = test.list(PODS).map((pod) => (pod.spec as { nodeName: string }).nodeName);
    expect(nodes.sort()).toEqual(['control-plane', 'worker-1', 'worker-2']);
  });

  it('tolerates an unavailable pod network only for host-network daemons, as AddOrUpdateDaemonPodTolerations does', async () => {
    const test = start();
    for (const [name, hostNetwork] of [
      ['cni', true],
      ['agent', false],
    ] as const) {
      test.create('apps', 'daemonsets', {
        metadata: { name },
        spec: {
          selector: { matchLabels: { app: name } },
          template: template({ app: name }, { hostNetwork }),
        },
      });
    }
    await test.controllers.idle();
    const tolerationKeys = (app: string) => {
      const pod = test.list(PODS).find((p) => p.metadata.labels?.app === app);
      const spec = (pod?.spec ?? {}) as { tolerations?: { key?: string }[] };
      return (spec.tolerations ?? []).map((t) => t.key);
    };
    expect(tolerationKeys('cni')).toContain('node.kubernetes.io/network-unavailable');
    expect(tolerationKeys('agent')).toContain('node.kubernetes.io/unschedulable');
    expect(tolerationKeys('agent')).not.toContain('node.kubernetes.io/network-unavailable');
  });
});

describe('the job controller', () => {
  it('runs the pods to success and completes the Job as 1.36 reports it', async () => {
    const test = start();
    test.create('batch', 'jobs', {
      metadata: { name: 'migrate' },
      spec: { completions: 2, parallelism: 1, template: template({}, { restartPolicy: 'Never' }) },
    });
    await test.controllers.idle();

    const pods = test.list(PODS);
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(phase(pod)).toBe('Succeeded');
      expect(pod.metadata.labels).toMatchObject({
        'job-name': 'migrate',
        'batch.kubernetes.io/job-name': 'migrate',
      });
      const [container] = (pod.status as { containerStatuses: { state: unknown }[] }).containerStatuses;
      expect(container?.state).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    }
    const status = test.get(JOBS, 'migrate').status as Record<string, unknown>;
    expect(status).toMatchObject({
      succeeded: 2,
      ready: 0,
      terminating: 0,
      completionTime: expect.any(String),
    });
    expect(status.active).toBeUndefined();
    const conditions = status.conditions as {
      type: string;
      status: string;
      reason: string;
      message: string;
    }[];
    expect(conditions.map(({ type, status: s, reason }) => [type, s, reason])).toEqual([
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ]);
  });
});
