import { describe, expect, it } from 'vitest';
import { admitPodPriority } from '../../../src/admission/pod-priority.js';
import { SimulatedCluster } from '../../../src/cluster.js';
import type { KubeObject } from '../../../src/types.js';

const priorityClass = (name: string, value: number, globalDefault = false): KubeObject => ({
  apiVersion: 'scheduling.k8s.io/v1',
  kind: 'PriorityClass',
  metadata: { name },
  value,
  globalDefault,
});

const pod = (priorityClassName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [], ...(priorityClassName && { priorityClassName }) },
});

function clusterWith(classes: KubeObject[]): SimulatedCluster {
  // The cluster makes the system classes itself, as kube-apiserver does.
  const cluster = new SimulatedCluster({ now: () => new Date() });
  cluster.load(classes);
  return cluster;
}

describe('the Priority admission plugin', () => {
  it("gives a pod its class's value and preemption policy", () => {
    const admitted = pod('system-node-critical');
    admitPodPriority(clusterWith([]).store, admitted);
    expect(admitted.spec).toMatchObject({
      priority: 2_000_001_000,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it('gives a pod without a class priority 0, or the lowest of the global defaults', () => {
    const plain = pod();
    admitPodPriority(clusterWith([]).store, plain);
    expect(plain.spec).toMatchObject({ priority: 0 });
    expect(plain.spec).not.toHaveProperty('priorityClassName');

    const defaulted = pod();
    const store = clusterWith([priorityClass('high', 1000, true), priorityClass('low', 10, true)]).store;
    admitPodPriority(store, defaulted);
    expect(defaulted.spec).toMatchObject({ priorityClassName: 'low', priority: 10 });
  });

  it('refuses a pod naming a class that does not exist', () => {
    expect(() => admitPodPriority(clusterWith([]).store, pod('urgent'))).toThrow(
      expect.objectContaining({
        status: expect.objectContaining({
          code: 403,
          message: 'pods "p" is forbidden: no PriorityClass with name urgent was found',
        }),
      }),
    );
  });
});
