import { describe, expect, it } from 'vitest';
import {
  containerUsage,
  isMeasured,
  nodeUsage,
  podContainerUsage,
  scrapeTime,
  sumUsage,
  usageQuantities,
} from '../../../src/metrics/usage.js';
import type { ContainerSpec } from '../../../src/pods/pod-shape.js';
import type { KubeObject } from '../../../src/types.js';

const MI = 2 ** 20;
const now = new Date('2026-03-10T12:00:07Z');

function container(name: string, resources?: object): ContainerSpec {
  return { name, image: 'nginx:1.27', ...(resources ? { resources } : {}) } as ContainerSpec;
}

function pod(
  name: string,
  options: { phase?: string; nodeName?: string; containers?: ContainerSpec[]; waiting?: string[] } = {},
): KubeObject {
  const containers = options.containers ?? [container('web', { requests: { cpu: '100m', memory: '128Mi' } })];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'team-a' },
    spec: {
      containers,
      ...(options.nodeName === undefined
        ? { nodeName: 'worker-1' }
        : options.nodeName
          ? { nodeName: options.nodeName }
          : {}),
    },
    status: {
      phase: options.phase ?? 'Running',
      containerStatuses: containers.map((entry) => ({
        name: entry.name,
        state: options.waiting?.includes(entry.name)
          ? { waiting: { reason: 'CrashLoopBackOff' } }
          : { running: {} },
      })),
    },
  };
}

const node = (name: string, controlPlane = false): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
});

describe('simulated container usage', () => {
  const web = container('web', { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });

  it('is the same for the same container within one scrape window', () => {
    const later = new Date(scrapeTime(now).getTime() + 14_000);
    expect(containerUsage('team-a/p', web, later)).toEqual(containerUsage('team-a/p', web, now));
  });

  it('moves from one window to the next, by at most a tenth either way of its level', () => {
    const samples = [0, 1, 2, 3, 4, 5].map((step) =>
      containerUsage('team-a/p', web, new Date(now.getTime() + step * 15_000)),
    );
    expect(new Set(samples.map((sample) => sample.nanoCores)).size).toBeGreaterThan(1);
    const cores = samples.map((sample) => sample.nanoCores);
    expect(Math.max(...cores) / Math.min(...cores)).toBeLessThanOrEqual(1.1 / 0.9 + 1e-9);
  });

  it('uses between a fifth and four fifths of its CPU request, give or take the variation', () => {
    const { nanoCores } = containerUsage('team-a/p', web, now);
    expect(nanoCores).toBeGreaterThanOrEqual(100e6 * 0.2 * 0.9);
    expect(nanoCores).toBeLessThanOrEqual(100e6 * 0.8 * 1.1);
  });

  it('stays under its memory limit', () => {
    const tight = container('db', { requests: { memory: '1Gi' }, limits: { memory: '1Gi' } });
    for (let step = 0; step < 20; step += 1) {
      const at = new Date(now.getTime() + step * 15_000);
      expect(containerUsage(`team-a/p${step}`, tight, at).bytes).toBeLessThanOrEqual(1024 * MI);
    }
  });

  it('uses a few millicores and megabytes when it asks for nothing', () => {
    const usage = containerUsage('team-a/p', container('sidecar'), now);
    expect(usage.nanoCores).toBeLessThan(10e6);
    expect(usage.bytes).toBeLessThan(64 * MI);
    expect(usage.bytes % 1024).toBe(0);
  });
});

describe('pods and nodes', () => {
  it('reports zero for a container that is not running, and for every container of a pod that is not running', () => {
    const twoContainers = [container('app', { requests: { cpu: '200m' } }), container('crashing')];
    const usage = podContainerUsage(pod('p', { containers: twoContainers, waiting: ['crashing'] }), now);
    expect(usage[0]?.usage.nanoCores).toBeGreaterThan(0);
    expect(usage[1]).toEqual({ name: 'crashing', usage: { nanoCores: 0, bytes: 0 } });
    const pending = podContainerUsage(pod('q', { phase: 'Pending' }), now);
    expect(pending.map((entry) => entry.usage)).toEqual([{ nanoCores: 0, bytes: 0 }]);
  });

  it('measures pods a node runs, not unscheduled or finished ones', () => {
    expect(isMeasured(pod('running'))).toBe(true);
    expect(isMeasured(pod('unscheduled', { phase: 'Pending', nodeName: '' }))).toBe(false);
    expect(isMeasured(pod('done', { phase: 'Succeeded' }))).toBe(false);
  });

  it('adds up its pods on top of a system base, larger on the control plane', () => {
    const pods = [pod('a'), pod('b'), pod('done', { phase: 'Failed' })];
    const empty = nodeUsage(node('worker-1'), [], now);
    const busy = nodeUsage(node('worker-1'), pods, now);
    const podsOnly = sumUsage(
      pods.slice(0, 2).flatMap((entry) => podContainerUsage(entry, now).map((c) => c.usage)),
    );
    expect(busy).toEqual(sumUsage([empty, podsOnly]));
    expect(nodeUsage(node('control-plane', true), [], now).nanoCores).toBeGreaterThan(empty.nanoCores);
  });

  it('writes usage in nanocores and kibibytes, as metrics-server does', () => {
    expect(usageQuantities({ nanoCores: 12_345_678, bytes: 64 * MI })).toEqual({
      cpu: '12345678n',
      memory: '65536Ki',
    });
  });

  it('stamps the start of the 15 s scrape window', () => {
    expect(scrapeTime(now).toISOString()).toBe('2026-03-10T12:00:00.000Z');
  });
});
