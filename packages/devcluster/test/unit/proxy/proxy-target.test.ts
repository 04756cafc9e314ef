import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/status.js';
import { SimulatedCluster } from '../../../src/cluster.js';
import { podProxyTarget, serviceProxyTarget, splitSchemeNamePort } from '../../../src/proxy/proxy-target.js';
import type { KubeObject } from '../../../src/types.js';

function pod(name: string, options: { ready?: boolean; ip?: string; ports?: object[] } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'shop' } },
    spec: {
      containers: [
        { name: 'app', image: 'shop:1', ports: options.ports ?? [{ name: 'web', containerPort: 8080 }] },
      ],
    },
    status: {
      phase: 'Running',
      ...(options.ip === '' ? {} : { podIP: options.ip ?? `10.244.1.${name.length}` }),
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
    },
  };
}

function service(name: string, spec: object): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec };
}

function cluster(objects: KubeObject[]): SimulatedCluster {
  const simulated = new SimulatedCluster();
  simulated.load([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }, ...objects]);
  return simulated;
}

function refusal(action: () => unknown): { code: number; message: string } {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('splitSchemeNamePort', () => {
  it('reads name, name:port and scheme:name:port, and rejects other schemes and shapes', () => {
    expect(splitSchemeNamePort('web')).toEqual({ scheme: 'http', name: 'web', port: '' });
    expect(splitSchemeNamePort('web:80')).toEqual({ scheme: 'http', name: 'web', port: '80' });
    expect(splitSchemeNamePort('https:web:443')).toEqual({ scheme: 'https', name: 'web', port: '443' });
    expect(splitSchemeNamePort('ftp:web:21')).toBeUndefined();
    expect(splitSchemeNamePort('a:b:c:d')).toBeUndefined();
    expect(splitSchemeNamePort(':80')).toBeUndefined();
  });
});

describe('proxy targets', () => {
  const shop = service('shop', {
    selector: { app: 'shop' },
    ports: [
      { name: 'http', port: 80, targetPort: 'web' },
      { name: 'admin', port: 9000, targetPort: 9090 },
    ],
  });

  it('sends a service port to the targetPort of a ready pod, a named targetPort resolved in the pod', () => {
    const simulated = cluster([shop, pod('b-ready'), pod('a-unready', { ready: false })]);
    const target = serviceProxyTarget(simulated, 'default', 'shop:80');
    expect(target.pod.metadata.name).toBe('b-ready');
    expect(target.port).toBe(8080);
    expect(serviceProxyTarget(simulated, 'default', 'shop:admin').port).toBe(9090);
  });

  it('answers the real server errors when there is nowhere to go', () => {
    const simulated = cluster([
      shop,
      pod('only-unready', { ready: false }),
      service('empty', { selector: { app: 'none' }, ports: [{ port: 80 }] }),
      service('external', { ports: [{ port: 80 }] }),
    ]);
    expect(refusal(() => serviceProxyTarget(simulated, 'default', 'shop:81'))).toEqual({
      code: 503,
      message: 'no service port 81 found for service "shop"',
    });
    expect(refusal(() => serviceProxyTarget(simulated, 'default', 'shop:80'))).toEqual({
      code: 503,
      message: 'no endpoints available for service "shop:80"',
    });
    expect(refusal(() => serviceProxyTarget(simulated, 'default', 'empty'))).toEqual({
      code: 503,
      message: 'no endpoints available for service "empty"',
    });
    expect(refusal(() => serviceProxyTarget(simulated, 'default', 'external:80'))).toEqual({
      code: 404,
      message: 'endpoints "external" not found',
    });
    expect(refusal(() => serviceProxyTarget(simulated, 'default', 'nope'))).toEqual({
      code: 404,
      message: 'services "nope" not found',
    });
    expect(refusal(() => serviceProxyTarget(simulated, 'default', 'gopher:shop:70')).code).toBe(400);
  });

  it('sends a pod request to the given port, or to the first declared one', () => {
    const simulated = cluster([pod('app'), pod('bare', { ports: [] }), pod('starting', { ip: '' })]);
    expect(podProxyTarget(simulated, 'default', 'app')).toMatchObject({ port: 8080, host: '10.244.1.3' });
    expect(podProxyTarget(simulated, 'default', 'https:app:8443')).toMatchObject({
      port: 8443,
      scheme: 'https',
    });
    expect(podProxyTarget(simulated, 'default', 'bare').port).toBe(80);
    expect(refusal(() => podProxyTarget(simulated, 'default', 'starting'))).toEqual({
      code: 400,
      message: 'address not allowed',
    });
    expect(refusal(() => podProxyTarget(simulated, 'default', 'gone')).message).toBe('pods "gone" not found');
  });
});
