import { describe, expect, it, vi } from 'vitest';
import {
  DAEMON_SETS,
  DEPLOYMENTS,
  EVENTS,
  PODS,
  REPLICA_SETS,
  RESOURCE_QUOTAS,
} from '../../../src/controllers/objects.js';
import type { KubeObject } from '../../../src/types.js';
import { deploymentBody, testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

const pod = (name: string, restartPolicy = 'Always') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    restartPolicy,
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27',
        resources: { requests: { memory: '64Mi' }, limits: { cpu: '500m' } },
      },
    ],
  },
});

const quota = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'caps' },
  spec: {
    hard: {
      pods: '10',
      'requests.memory': '1Gi',
      'limits.cpu': '2',
      'count/configmaps': '5',
      'requests.storage': '10Gi',
    },
  },
};

describe('the resource quota controller', () => {
  it("reports what the namespace's running pods and objects use, and follows changes", async () => {
    const test = start();
    test.create('', 'pods', pod('a'));
    test.create('', 'pods', pod('b'));
    test.create('', 'pods', pod('once', 'Never'));
    test.create('', 'resourcequotas', quota);
    await test.controllers.idle();
    // The pod that ran to completion no longer counts, as in a real quota.
    expect(test.get(RESOURCE_QUOTAS, 'caps').status).toEqual({
      hard: quota.spec.hard,
      used: {
        pods: '2',
        'requests.memory': '128Mi',
        'limits.cpu': '1',
        'count/configmaps': '0',
        'requests.storage': '0',
      },
    });

    test.create('', 'configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    test.create('', 'pods', pod('c'));
    await test.controllers.idle();
    expect(test.get(RESOURCE_QUOTAS, 'caps').status).toMatchObject({
      used: { pods: '3', 'requests.memory': '192Mi', 'limits.cpu': '1500m', 'count/configmaps': '1' },
    });
  });

  it('has a refused create told on the ReplicaSet and its Deployment, and retried once the quota allows it', async () => {
    const test = start();
    test.create('', 'resourcequotas', { ...quota, spec: { hard: { pods: '2' } } });
    test.create('apps', 'deployments', deploymentBody('web', 3));
    const failureOf = (object: KubeObject) =>
      (
        object.status as { conditions?: { type: string; reason?: string; message?: string }[] } | undefined
      )?.conditions?.find((condition) => condition.type === 'ReplicaFailure');
    // The controller keeps retrying (so `idle` would wait forever): wait for what it reports instead.
    await vi.waitFor(
      () => {
        const [replicaSet] = test.list(REPLICA_SETS);
        expect(replicaSet && failureOf(test.get(DEPLOYMENTS, 'web'))).toBeTruthy();
      },
      { timeout: 10_000 },
    );
    const [replicaSet] = test.list(REPLICA_SETS) as [KubeObject];
    expect(test.list(PODS)).toHaveLength(2);
    expect(failureOf(replicaSet)).toMatchObject({
      reason: 'FailedCreate',
      message: expect.stringMatching(
        /^pods "web-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: caps, requested: pods=1, used: pods=2, limited: pods=2$/,
      ),
    });
    expect(failureOf(test.get(DEPLOYMENTS, 'web'))).toMatchObject({ status: 'True', reason: 'FailedCreate' });
    const refusals = test
      .list(EVENTS)
      .filter(
        (event) =>
          event.reason === 'FailedCreate' && (event.involvedObject as { kind: string }).kind === 'ReplicaSet',
      );
    expect(refusals[0]?.message).toMatch(/^Error creating: pods "web-.*" is forbidden: exceeded quota: caps/);

    test.edit(RESOURCE_QUOTAS, 'caps', (object) => Object.assign(object, { spec: { hard: { pods: '5' } } }));
    await vi.waitFor(() => expect(test.list(PODS)).toHaveLength(3), { timeout: 20_000 });
    await vi.waitFor(() => expect(failureOf(test.get(DEPLOYMENTS, 'web'))).toBeUndefined(), {
      timeout: 10_000,
    });
    expect(failureOf(test.get(REPLICA_SETS, replicaSet.metadata.name ?? ''))).toBeUndefined();
  });

  it("retries a Job's refused pod until the quota allows it", async () => {
    const test = start();
    test.create('', 'resourcequotas', { ...quota, spec: { hard: { 'count/pods': '0' } } });
    test.create('batch', 'jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once' },
      spec: {
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox' }] } },
      },
    });
    await vi.waitFor(() => expect(test.list(EVENTS).map((event) => event.reason)).toContain('FailedCreate'), {
      timeout: 10_000,
    });
    expect(test.list(PODS)).toEqual([]);
    test.edit(RESOURCE_QUOTAS, 'caps', (object) =>
      Object.assign(object, { spec: { hard: { 'count/pods': '1' } } }),
    );
    await vi.waitFor(() => expect(test.list(PODS)).toHaveLength(1), { timeout: 20_000 });
  });

  it("retries a DaemonSet's refused pods until the quota allows one per node", async () => {
    const test = start();
    test.create('', 'resourcequotas', { ...quota, spec: { hard: { 'count/pods': '0' } } });
    const labels = { app: 'agent' };
    test.create('apps', 'daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'agent', image: 'busybox' }] } },
      },
    });
    await vi.waitFor(
      () => {
        const refusal = test
          .list(EVENTS)
          .find(
            (event) =>
              event.reason === 'FailedCreate' &&
              (event.involvedObject as { kind: string }).kind === 'DaemonSet',
          );
        expect(refusal?.message).toMatch(
          /^Error creating: pods "agent-.*" is forbidden: exceeded quota: caps/,
        );
      },
      { timeout: 10_000 },
    );
    expect(test.list(PODS)).toEqual([]);
    // The two workers take the pods; the control plane's NoSchedule taint keeps it out.
    test.edit(RESOURCE_QUOTAS, 'caps', (object) =>
      Object.assign(object, { spec: { hard: { 'count/pods': '2' } } }),
    );
    // The scheduler binds each pod to the node its affinity names.
    const nodes = () => test.list(PODS).map((pod) => (pod.spec as { nodeName?: string }).nodeName);
    await vi.waitFor(() => expect(nodes().sort()).toEqual(['worker-1', 'worker-2']), { timeout: 20_000 });
    await vi.waitFor(
      () => expect(test.get(DAEMON_SETS, 'agent').status).toMatchObject({ currentNumberScheduled: 2 }),
      { timeout: 10_000 },
    );
  });
});
