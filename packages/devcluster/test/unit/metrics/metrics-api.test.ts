import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/status.js';
import { bootstrapPolicy } from '../../../src/auth/bootstrap-policy.js';
import { SimulatedCluster } from '../../../src/cluster.js';
import { getMetrics, listMetrics } from '../../../src/metrics/metrics-api.js';
import { NODE_METRICS, POD_METRICS } from '../../../src/metrics/metrics-resources.js';
import { defaultSeed } from '../../../src/seed/default-seed.js';

const now = new Date('2026-03-10T12:00:07Z');
const cluster = new SimulatedCluster({ now: () => now });
cluster.load([...bootstrapPolicy(), ...defaultSeed(now)]);

function refusal(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('metrics.k8s.io objects from the seeded cluster', () => {
  it('lists PodMetrics of the scheduled pods of a namespace, with their labels, timestamp and window', () => {
    const { list, items } = listMetrics(cluster, POD_METRICS, 'team-a', new URLSearchParams(), now);
    expect(list).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' });
    expect(items.length).toBeGreaterThan(3);
    for (const item of items) {
      expect(item.metadata.namespace).toBe('team-a');
      expect(item).toMatchObject({ timestamp: '2026-03-10T12:00:00Z', window: '15s' });
    }
    const web = items.find((item) => item.metadata.labels?.app === 'web');
    expect(web?.containers).toEqual([
      {
        name: 'web',
        usage: { cpu: expect.stringMatching(/^\d+n$/), memory: expect.stringMatching(/^\d+Ki$/) },
      },
    ]);
  });

  it('leaves out pods no node runs', () => {
    const names = listMetrics(cluster, POD_METRICS, 'team-b', new URLSearchParams(), now).items.map(
      (item) => item.metadata.name,
    );
    expect(names).toContain('db-0');
    expect(names.some((name) => name?.startsWith('worker-'))).toBe(false);
  });

  it('filters by label selector', () => {
    const query = new URLSearchParams({ labelSelector: 'app=web' });
    const { items } = listMetrics(cluster, POD_METRICS, '', query, now);
    expect(items.length).toBe(3);
    expect(items.every((item) => item.metadata.labels?.app === 'web')).toBe(true);
  });

  it('refuses a selector it cannot parse with a 400', () => {
    const query = new URLSearchParams({ labelSelector: 'app in (' });
    expect(refusal(() => listMetrics(cluster, POD_METRICS, '', query, now)).code).toBe(400);
  });

  it('gives each ready node its NodeMetrics, more than its pods use', () => {
    const { items } = listMetrics(cluster, NODE_METRICS, '', new URLSearchParams(), now);
    expect(items.map((item) => item.metadata.name)).toEqual(['control-plane', 'worker-1', 'worker-2']);
    const worker = getMetrics(cluster, NODE_METRICS, '', 'worker-1', now);
    expect(worker.usage).toEqual({
      cpu: expect.stringMatching(/^\d+n$/),
      memory: expect.stringMatching(/^\d+Ki$/),
    });
  });

  it('answers a missing pod or node with the NotFound metrics-server gives', () => {
    expect(refusal(() => getMetrics(cluster, POD_METRICS, 'team-a', 'gone', now)).status).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'podmetrics.metrics.k8s.io "team-a/gone" not found',
    });
    expect(refusal(() => getMetrics(cluster, NODE_METRICS, '', 'gone', now)).message).toBe(
      'nodemetrics.metrics.k8s.io "gone" not found',
    );
  });
});
