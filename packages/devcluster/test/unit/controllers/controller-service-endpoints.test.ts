import { describe, expect, it } from 'vitest';
import { ENDPOINT_SLICES, ENDPOINTS } from '../../../src/controllers/objects.js';
import type { KubeObject } from '../../../src/types.js';
import { testClusterStarter } from './controller-fixtures.js';

const start = testClusterStarter();

const pod = (name: string, labels: Record<string, string>, image = 'nginx:1.27') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'app', image, ports: [{ name: 'web', containerPort: 8080 }] }] },
});

const service = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, labels: { team: 'a' } },
  spec: { ports: [{ name: 'http', port: 80, targetPort: 'web' }], ...spec },
});

type Subset = {
  addresses?: { ip: string; targetRef: { name: string } }[];
  notReadyAddresses?: unknown[];
  ports?: unknown[];
};

describe('the endpoints controllers', () => {
  it('publish the selected pods with an address, the named target port resolved, in Endpoints and a slice', async () => {
    const test = start();
    test.create('', 'pods', pod('a', { app: 'shop' }));
    test.create('', 'pods', pod('b', { app: 'shop' }));
    test.create('', 'pods', pod('other', { app: 'else' }));
    test.create('', 'services', service('shop', { selector: { app: 'shop' } }));
    await test.controllers.idle();

    const endpoints = test.get(ENDPOINTS, 'shop') as KubeObject & { subsets: Subset[] };
    expect(endpoints.metadata.labels).toEqual({ team: 'a' });
    expect(endpoints.subsets).toHaveLength(1);
    expect(endpoints.subsets[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(endpoints.subsets[0]?.addresses?.map((address) => address.targetRef.name).sort()).toEqual([
      'a',
      'b',
    ]);

    const [slice] = test.list(ENDPOINT_SLICES);
    expect(slice?.metadata.labels).toMatchObject({
      'kubernetes.io/service-name': 'shop',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Service',
      name: 'shop',
      controller: true,
    });
    expect((slice as { endpoints?: unknown[] }).endpoints).toHaveLength(2);
  });

  it('follow pods that come and go, and remove the Endpoints with the service', async () => {
    const test = start();
    test.create('', 'services', service('shop', { selector: { app: 'shop' } }));
    await test.controllers.idle();
    expect((test.get(ENDPOINTS, 'shop') as { subsets?: unknown }).subsets).toBeUndefined();
    expect((test.list(ENDPOINT_SLICES)[0] as { endpoints?: unknown[] }).endpoints).toEqual([]);

    test.create('', 'pods', pod('a', { app: 'shop' }));
    await test.controllers.idle();
    expect((test.get(ENDPOINTS, 'shop') as { subsets?: Subset[] }).subsets?.[0]?.addresses).toHaveLength(1);

    test.cluster.delete(test.resource('', 'pods'), 'team-a', 'a');
    await test.controllers.idle();
    expect((test.get(ENDPOINTS, 'shop') as { subsets?: unknown }).subsets).toBeUndefined();

    test.cluster.delete(test.resource('', 'services'), 'team-a', 'shop');
    await test.controllers.idle();
    expect(test.list(ENDPOINTS)).toEqual([]);
    expect(test.list(ENDPOINT_SLICES)).toEqual([]);
  });

  it('leave a service without a selector to the Endpoints its user writes', async () => {
    const test = start();
    test.create('', 'services', service('external', {}));
    const manual = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external' },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 5432 }] }],
    };
    test.create('', 'endpoints', manual);
    await test.controllers.idle();
    expect((test.get(ENDPOINTS, 'external') as { subsets?: unknown }).subsets).toEqual(manual.subsets);
    expect(test.list(ENDPOINT_SLICES)).toEqual([]);
  });
});
