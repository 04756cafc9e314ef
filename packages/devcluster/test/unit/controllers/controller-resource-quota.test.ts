import { describe, expect, it } from 'vitest';
import { RESOURCE_QUOTAS } from '../../../src/controllers/objects.js';
import { testClusterStarter } from './controller-fixtures.js';

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
});
