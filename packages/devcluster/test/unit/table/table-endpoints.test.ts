import { describe, expect, it } from 'vitest';
import { endpointSlicePrinter, endpointsPrinter } from '../../../src/table/endpoint-printers.js';
import type { KubeObject } from '../../../src/types.js';

const now = new Date('2025-01-10T12:00:00Z');
const meta = { name: 'web', namespace: 'default', creationTimestamp: '2025-01-10T11:00:00Z' };
const addresses = (count: number) => Array.from({ length: count }, (_, i) => ({ ip: `10.0.0.${i + 1}` }));

describe('endpoints rows', () => {
  it('lists ip:port pairs, three at most, then how many more', () => {
    const endpoints: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta,
      subsets: [{ addresses: addresses(2), ports: [{ port: 80 }, { port: 443 }] }],
    };
    expect(endpointsPrinter.cells(endpoints, now)).toEqual([
      'web',
      '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
      '60m',
    ]);
  });

  it('shows the bare IPs of a subset without ports, and <none> without subsets', () => {
    const headless = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta,
      subsets: [{ addresses: addresses(1) }],
    };
    expect(endpointsPrinter.cells(headless, now)[1]).toBe('10.0.0.1');
    expect(endpointsPrinter.cells({ apiVersion: 'v1', kind: 'Endpoints', metadata: meta }, now)[1]).toBe(
      '<none>',
    );
  });
});

describe('endpoint slice rows', () => {
  it('shows ports and addresses, three at most, and <unset> when a slice has none', () => {
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta,
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'metrics' }],
      endpoints: addresses(4).map(({ ip }) => ({ addresses: [ip] })),
    };
    expect(endpointSlicePrinter.cells(slice, now)).toEqual([
      'web',
      'IPv4',
      '80,metrics',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
      '60m',
    ]);
    const empty = { ...slice, ports: undefined, endpoints: [] };
    expect(endpointSlicePrinter.cells(empty, now).slice(2, 4)).toEqual(['<unset>', '<unset>']);
  });
});
