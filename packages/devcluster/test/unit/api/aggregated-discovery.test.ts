import { describe, expect, it } from 'vitest';
import { aggregatedDiscovery, wantsAggregatedDiscovery } from '../../../src/api/aggregated-discovery.js';
import { ResourceRegistry } from '../../../src/api/resource-registry.js';

interface Resource {
  resource: string;
  responseKind: { group: string; version: string; kind: string };
  scope: string;
  verbs: string[];
  subresources?: { subresource: string; responseKind: { kind: string; group: string } }[];
}
interface Group {
  metadata: { name?: string };
  versions: { version: string; resources: Resource[]; freshness: string }[];
}

const KUBECTL_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('aggregated discovery', () => {
  it('is what kubectl 1.35 asks for first, and not what a plain JSON client gets', () => {
    expect(wantsAggregatedDiscovery(KUBECTL_ACCEPT)).toBe(true);
    expect(wantsAggregatedDiscovery('application/json')).toBe(false);
    expect(
      wantsAggregatedDiscovery(
        'application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      ),
    ).toBe(false);
    expect(
      wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList'),
    ).toBe(false);
    expect(wantsAggregatedDiscovery(undefined)).toBe(false);
  });

  const registry = new ResourceRegistry();
  const groups = (core: boolean) => (aggregatedDiscovery(registry, core) as { items: Group[] }).items;

  it('holds the core group alone under /api, with subresources and their kinds', () => {
    const [core] = groups(true);
    expect(groups(true)).toHaveLength(1);
    expect(core?.metadata.name).toBeUndefined();
    const pods = core?.versions[0]?.resources.find((entry) => entry.resource === 'pods');
    expect(pods).toMatchObject({
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      scope: 'Namespaced',
    });
    expect(pods?.subresources?.find((entry) => entry.subresource === 'proxy')?.responseKind.kind).toBe(
      'PodProxyOptions',
    );
  });

  it('lists metrics.k8s.io last under /apis, read-only', () => {
    const all = groups(false);
    const metrics = all.at(-1);
    expect(metrics?.metadata.name).toBe('metrics.k8s.io');
    expect(metrics?.versions[0]).toMatchObject({ version: 'v1beta1', freshness: 'Current' });
    expect(
      metrics?.versions[0]?.resources.map((entry) => [entry.resource, entry.scope, entry.verbs]),
    ).toEqual([
      ['nodes', 'Cluster', ['get', 'list']],
      ['pods', 'Namespaced', ['get', 'list']],
    ]);
    const apps = all.find((group) => group.metadata.name === 'apps');
    const deployments = apps?.versions[0]?.resources.find((entry) => entry.resource === 'deployments');
    expect(deployments?.subresources?.find((entry) => entry.subresource === 'scale')?.responseKind).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
  });
});
