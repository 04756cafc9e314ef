import { describe, expect, it } from 'vitest';
import { allocateClusterIP } from '../../../src/api/service-addresses.js';
import { SimulatedCluster } from '../../../src/cluster.js';
import type { KubeObject } from '../../../src/types.js';

function setUp() {
  const cluster = new SimulatedCluster({ now: () => new Date('2024-05-01T10:00:00Z') });
  cluster.load([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }]);
  const services = cluster.registry.find('', 'v1', 'services');
  if (!services) throw new Error('no services resource');
  const create = (name: string, spec: Record<string, unknown> = {}) => {
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec,
    };
    allocateClusterIP(cluster, services, service);
    return cluster.create(services, service).spec as Record<string, unknown>;
  };
  return { create };
}

describe('cluster IP allocation on create', () => {
  it('gives each new ClusterIP service its own address with the defaulted family fields', () => {
    const { create } = setUp();
    const first = create('a', { ports: [{ port: 80 }] });
    const second = create('b', { type: 'NodePort', ports: [{ port: 80 }] });

    expect(first).toMatchObject({
      type: 'ClusterIP',
      clusterIP: expect.stringMatching(/^10\.96\.\d+\.\d+$/),
      clusterIPs: [first.clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
    });
    expect(second.clusterIP).not.toBe(first.clusterIP);
  });

  it('keeps a requested address, and gives headless and ExternalName services none', () => {
    const { create } = setUp();
    expect(create('fixed', { clusterIP: '10.96.7.7' })).toMatchObject({
      clusterIP: '10.96.7.7',
      clusterIPs: ['10.96.7.7'],
    });
    expect(create('headless', { clusterIP: 'None' }).clusterIPs).toBeUndefined();
    expect(
      create('external', { type: 'ExternalName', externalName: 'example.com' }).clusterIP,
    ).toBeUndefined();
  });
});
