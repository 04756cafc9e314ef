// Resolving what a user types against the simulator's discovery: kinds, plurals, singulars,
// short names, `plural.group`, custom resources, and a reload when a new CRD appears.

import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../src/k8s/cluster-client.js';
import { discoverResources } from '../../../src/k8s/discovery.js';
import { KubernetesError } from '../../../src/k8s/kubernetes-error.js';
import { accessTo } from './access-helpers.js';

function gadgetDefinition() {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.org' },
    spec: {
      group: 'example.org',
      scope: 'Cluster',
      names: {
        kind: 'Gadget',
        plural: 'gadgets',
        singular: 'gadget',
        listKind: 'GadgetList',
        shortNames: ['gdg'],
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  };
}

describe('resource resolution', () => {
  let devcluster: DevCluster;
  let access: ClusterAccess;

  beforeAll(async () => {
    devcluster = await startDevCluster({ seed: 'default' });
    access = accessTo(devcluster.kubeconfig);
  });
  afterAll(async () => {
    await access.close();
    await devcluster.stop();
  });

  it('reads the same resources from aggregated discovery in two requests as from the legacy documents', async () => {
    const client = access.client();
    const asked = { aggregated: 0, legacy: 0 };
    const aggregated = await discoverResources((path, accept) => {
      asked.aggregated++;
      return client.request({ path, ...(accept ? { accept } : {}) });
    });
    // Plain JSON only: what a server without aggregated discovery answers.
    const legacy = await discoverResources((path) => {
      asked.legacy++;
      return client.request({ path });
    });
    expect(aggregated).toEqual(legacy);
    expect(aggregated.find((resource) => resource.plural === 'deployments')).toMatchObject({
      group: 'apps',
      subresources: expect.arrayContaining(['scale', 'status']),
    });
    expect(asked.aggregated).toBe(2);
    expect(asked.legacy).toBeGreaterThan(10);
  });

  it.each(['pod', 'pods', 'po', 'Pod', 'POD'])('resolves %s to core v1 pods', async (typed) => {
    expect(await access.client().resolve(typed)).toMatchObject({
      group: '',
      version: 'v1',
      kind: 'Pod',
      plural: 'pods',
      namespaced: true,
    });
  });

  it.each(['deploy', 'deployments.apps', 'Deployment', 'deployments.v1.apps'])(
    'resolves %s to apps/v1 deployments with its subresources',
    async (typed) => {
      const resource = await access.client().resolve(typed);
      expect(resource).toMatchObject({ group: 'apps', version: 'v1', plural: 'deployments' });
      expect(resource.subresources).toEqual(expect.arrayContaining(['status', 'scale']));
    },
  );

  it.each(['widgets', 'wg', 'Widget', 'widgets.example.com'])(
    'resolves the custom resource %s',
    async (typed) => {
      expect(await access.client().resolve(typed)).toMatchObject({
        group: 'example.com',
        kind: 'Widget',
        plural: 'widgets',
        shortNames: ['wg'],
      });
    },
  );

  it('takes an apiGroup to choose the group, and refuses a name the group does not serve', async () => {
    const client = access.client();
    expect(await client.resolve('deployments', 'apps')).toMatchObject({ group: 'apps' });
    expect(await client.resolve('pods', 'core')).toMatchObject({ group: '' });
    const wrongGroup = await client.resolve('pods', 'apps').catch((error: unknown) => error);
    expect(wrongGroup).toBeInstanceOf(KubernetesError);
    expect((wrongGroup as KubernetesError).message).toContain('in API group "apps"');
  });

  it('refuses an unknown name and suggests the nearest served names', async () => {
    const error = await access
      .client()
      .resolve('deploymnets')
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(KubernetesError);
    const unknown = error as KubernetesError;
    expect(unknown.failure).toBe('unknown-resource');
    expect(unknown.suggestions[0]).toBe('deployments');
    expect(unknown.suggestions.length).toBeLessThanOrEqual(3);
    expect(unknown.message).toBe(
      `the server doesn't have a resource type "deploymnets"; did you mean ${unknown.suggestions.join(', ')}?`,
    );
  });

  it('finds a kind whose CRD was created after discovery was cached', async () => {
    const client = access.client();
    const before = await client.resources();
    expect(before.some((resource) => resource.plural === 'gadgets')).toBe(false);
    await client.request({
      method: 'POST',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      body: gadgetDefinition(),
    });
    expect(await client.resolve('gdg')).toMatchObject({
      group: 'example.org',
      plural: 'gadgets',
      namespaced: false,
    });
    expect((await client.resources()).some((resource) => resource.plural === 'gadgets')).toBe(true);
  });

  it('builds collection, object and subresource paths, ignoring namespaces for cluster-scoped kinds', async () => {
    const client = access.client();
    const deployments = await client.resolve('deploy');
    expect(client.path(deployments, { namespace: 'team-a' })).toBe(
      '/apis/apps/v1/namespaces/team-a/deployments',
    );
    expect(client.path(deployments, { namespace: 'team-a', name: 'web', subresource: 'scale' })).toBe(
      '/apis/apps/v1/namespaces/team-a/deployments/web/scale',
    );
    const nodes = await client.resolve('no');
    expect(client.path(nodes, { namespace: 'team-a', name: 'n1' })).toBe('/api/v1/nodes/n1');
  });
});
