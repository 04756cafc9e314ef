import { describe, expect, it } from 'vitest';
import {
  AGGREGATED_DISCOVERY_ACCEPT,
  DiscoveryCache,
  discoverResources,
  type FetchDocument,
} from '../../../src/k8s/discovery.js';

const DOCUMENTS: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'] },
  '/api/v1': {
    groupVersion: 'v1',
    resources: [
      {
        name: 'pods',
        singularName: 'pod',
        namespaced: true,
        kind: 'Pod',
        verbs: ['get', 'list'],
        shortNames: ['po'],
      },
      { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
      { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create'] },
      {
        name: 'nodes',
        singularName: '',
        namespaced: false,
        kind: 'Node',
        verbs: ['get'],
        categories: ['all'],
      },
    ],
  },
  '/apis': {
    kind: 'APIGroupList',
    groups: [
      {
        name: 'autoscaling',
        versions: [
          { groupVersion: 'autoscaling/v1', version: 'v1' },
          { groupVersion: 'autoscaling/v2', version: 'v2' },
        ],
        preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
      },
      {
        name: 'metrics.k8s.io',
        versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
        preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
      },
    ],
  },
  '/apis/autoscaling/v1': {
    resources: [
      {
        name: 'horizontalpodautoscalers',
        singularName: 'horizontalpodautoscaler',
        namespaced: true,
        kind: 'HorizontalPodAutoscaler',
        verbs: ['get'],
        shortNames: ['hpa'],
      },
    ],
  },
  '/apis/autoscaling/v2': {
    resources: [
      {
        name: 'horizontalpodautoscalers',
        singularName: 'horizontalpodautoscaler',
        namespaced: true,
        kind: 'HorizontalPodAutoscaler',
        verbs: ['get'],
        shortNames: ['hpa'],
      },
    ],
  },
};

/**
 * Serves the documents above; the aggregated metrics API is down, as it often is. With `aggregated`,
 * answers those documents instead, as the API server does, to a client that accepts them.
 */
function fakeServer(aggregated: Record<string, unknown> = {}): { fetch: FetchDocument; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: async (path, accept) => {
      asked.push(path);
      if (accept?.includes('as=APIGroupDiscoveryList') && aggregated[path]) return aggregated[path];
      const document = DOCUMENTS[path];
      if (!document) throw new Error(`503 for ${path}`);
      return document;
    },
  };
}

describe('discoverResources', () => {
  it('orders core first, then groups in server order with the preferred version first', async () => {
    const resources = await discoverResources(fakeServer().fetch);
    expect(resources.map((resource) => `${resource.group}/${resource.version}/${resource.plural}`)).toEqual([
      '/v1/pods',
      '/v1/nodes',
      'autoscaling/v2/horizontalpodautoscalers',
      'autoscaling/v1/horizontalpodautoscalers',
    ]);
  });

  it('attaches subresources to their resource and fills a missing singular from the kind', async () => {
    const [pods, nodes] = await discoverResources(fakeServer().fetch);
    expect(pods).toEqual({
      group: '',
      version: 'v1',
      kind: 'Pod',
      plural: 'pods',
      singular: 'pod',
      namespaced: true,
      shortNames: ['po'],
      categories: [],
      verbs: ['get', 'list'],
      subresources: ['log', 'exec'],
    });
    expect(nodes).toMatchObject({ singular: 'node', namespaced: false, categories: ['all'] });
  });

  it('fails when the group list itself cannot be read', async () => {
    await expect(discoverResources(async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });

  it('names a root answered with no discovery document instead of reading it as an empty cluster', async () => {
    const answering =
      (root: unknown): FetchDocument =>
      async (path) =>
        path === '/api' ? root : DOCUMENTS[path];
    await expect(discoverResources(answering(undefined))).rejects.toThrow(
      'the API server answered /api with an empty body',
    );
    await expect(discoverResources(answering('<html>login</html>'))).rejects.toThrow(
      /answered \/api with text that is not a discovery document: is the kubeconfig's server URL/,
    );
    await expect(discoverResources(answering([]))).rejects.toThrow(
      'answered /api with JSON that is not a discovery document',
    );
  });
});

/** The same cluster as DOCUMENTS, as a server with aggregated discovery answers /api and /apis. */
const AGGREGATED: Record<string, unknown> = {
  '/api': {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    items: [
      {
        metadata: {},
        versions: [
          {
            version: 'v1',
            freshness: 'Current',
            resources: [
              {
                resource: 'pods',
                responseKind: { group: '', version: 'v1', kind: 'Pod' },
                scope: 'Namespaced',
                singularResource: 'pod',
                verbs: ['get', 'list'],
                shortNames: ['po'],
                subresources: [{ subresource: 'log' }, { subresource: 'exec' }],
              },
              {
                resource: 'nodes',
                responseKind: { group: '', version: 'v1', kind: 'Node' },
                scope: 'Cluster',
                singularResource: '',
                verbs: ['get'],
                categories: ['all'],
              },
            ],
          },
        ],
      },
    ],
  },
  '/apis': {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    items: [
      {
        metadata: { name: 'autoscaling' },
        versions: ['v2', 'v1'].map((version) => ({
          version,
          freshness: 'Current',
          resources: [
            {
              resource: 'horizontalpodautoscalers',
              responseKind: { group: 'autoscaling', version, kind: 'HorizontalPodAutoscaler' },
              scope: 'Namespaced',
              singularResource: 'horizontalpodautoscaler',
              verbs: ['get'],
              shortNames: ['hpa'],
            },
          ],
        })),
      },
      {
        // The aggregated metrics API is down: the server marks its version stale.
        metadata: { name: 'metrics.k8s.io' },
        // It may still list what it last knew: none of it is served now.
        versions: [
          {
            version: 'v1beta1',
            freshness: 'Stale',
            resources: [
              {
                resource: 'pods',
                responseKind: { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics' },
                scope: 'Namespaced',
                singularResource: '',
                verbs: ['get', 'list'],
              },
            ],
          },
        ],
      },
    ],
  },
};

describe('discoverResources with aggregated discovery', () => {
  it('reads every resource from /api and /apis alone, in the order legacy discovery gives', async () => {
    const server = fakeServer(AGGREGATED);
    const resources = await discoverResources(server.fetch);
    expect(server.asked.sort()).toEqual(['/api', '/apis']);
    expect(resources).toEqual(await discoverResources(fakeServer().fetch));
  });

  it('asks for aggregated discovery v2, then v2beta1, then plain JSON', async () => {
    const accepts = new Map<string, string | undefined>();
    await discoverResources(async (path, accept) => {
      accepts.set(path, accept);
      return DOCUMENTS[path];
    });
    // The roots may answer aggregated; a legacy group version's document is asked as plain JSON.
    expect(Object.fromEntries(accepts)).toEqual({
      '/api': AGGREGATED_DISCOVERY_ACCEPT,
      '/apis': AGGREGATED_DISCOVERY_ACCEPT,
      '/api/v1': undefined,
      '/apis/autoscaling/v2': undefined,
      '/apis/autoscaling/v1': undefined,
      '/apis/metrics.k8s.io/v1beta1': undefined,
    });
    expect(AGGREGATED_DISCOVERY_ACCEPT.split(',')).toEqual([
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
      'application/json',
    ]);
  });
});

describe('DiscoveryCache', () => {
  it('asks the server once, then answers from the cache', async () => {
    const server = fakeServer();
    const cache = new DiscoveryCache();
    await cache.resources(server.fetch);
    const first = server.asked.length;
    await cache.resources(server.fetch);
    expect(server.asked.length).toBe(first);
  });

  it('shares one reload among callers that ask at the same time', async () => {
    const server = fakeServer();
    const cache = new DiscoveryCache();
    await cache.resources(server.fetch);
    server.asked.length = 0;
    await Promise.all([
      cache.refresh(server.fetch),
      cache.refresh(server.fetch),
      cache.resources(server.fetch),
    ]);
    expect(server.asked.filter((path) => path === '/apis')).toHaveLength(1);
  });

  it('does not keep a failed load', async () => {
    const cache = new DiscoveryCache();
    await expect(cache.resources(async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.resources(fakeServer().fetch)).resolves.toHaveLength(4);
  });
});
