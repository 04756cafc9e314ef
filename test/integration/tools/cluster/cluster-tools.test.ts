import { type ClusterWithUsers, startClusterWithUsers } from '@mcp-kubernetes/devcluster/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../../src/k8s/cluster-client.js';
import { accessFor, failed, ok, type ToolCaller, toolCaller } from '../tool-harness.js';

let users: ClusterWithUsers;
let access: ClusterAccess;
let admin: ToolCaller;
let bob: ToolCaller;
beforeAll(async () => {
  users = await startClusterWithUsers({ seed: 'default' });
  access = accessFor(users.devcluster.kubeconfig);
  admin = toolCaller(access);
  // As downstream OAuth will: the server's kubeconfig, the caller's own token.
  bob = toolCaller(access, {}, { bearerToken: users.tokens.bob });
});
afterAll(async () => {
  await access.close();
  await users.stop();
});

describe('kubernetes_cluster_health', () => {
  it('reports the version, node readiness and the failing pods with their reasons', async () => {
    const text = ok(await admin('kubernetes_cluster_health'));
    expect(text).toMatch(
      /^Cluster \S+ \(http:\/\/127\.0\.0\.1:\d+\), Kubernetes v1\.36\.\d+: DEGRADED: 2 failing pod\(s\)/,
    );
    expect(text).toMatch(/Nodes: 3 \(3 ready and schedulable\)/);
    expect(text).toMatch(/team-a\s+api-\S+\s+CrashLoopBackOff\s+12\s/);
    expect(text).toMatch(
      /team-b\s+worker-\S+\s+Pending\s+0\s+\S+\s+pending for \S+: 0\/3 nodes are available/,
    );
    expect(text).not.toMatch(/componentstatuses/i);
  });

  it('checks what a caller with namespace-scoped rights may read, and says what it could not', async () => {
    // alice may edit team-a and nothing else: no nodes, no pods across namespaces.
    const alice = toolCaller(access, {}, { bearerToken: users.tokens.alice });
    const answer = await alice('kubernetes_cluster_health');
    expect(ok(answer)).toMatch(
      /^Cluster \S+ \(http:\/\/127\.0\.0\.1:\d+\), Kubernetes v1\.36\.\d+: not checked\n/,
    );
    expect(answer.text).toContain('\nNodes: (not checked: this identity may not list nodes)\n');
    expect(answer.text).toMatch(
      /\nPods: \(not checked: this identity may not list pods in every namespace; kubernetes_list pods with a namespace checks one\)$/,
    );
    expect(answer.structured).toEqual({ healthy: true, version: expect.stringMatching(/^v1\.36/) });
  });

  it('gives the verdict on the part bob may read when nodes are denied to the server', async () => {
    const text = ok(await bob('kubernetes_cluster_health', {}, { deniedResources: ['nodes'] }));
    expect(text).toMatch(/: DEGRADED: 2 failing pod\(s\)\n/);
    expect(text).toContain('Nodes: (not checked: nodes are in --denied-resources)');
  });
});

describe('kubernetes_can_i', () => {
  it('answers yes and no for the identity in use', async () => {
    expect(
      ok(await bob('kubernetes_can_i', { verb: 'list', resourceType: 'pods', namespace: 'team-a' })),
    ).toMatch(/^yes: /);
    expect(
      ok(await bob('kubernetes_can_i', { verb: 'delete', resourceType: 'deploy', namespace: 'team-a' })),
    ).toMatch(/^no: delete deploy in namespace "team-a"/);
    expect(
      ok(await bob('kubernetes_can_i', { verb: 'get', resourceType: 'pods/log', namespace: 'team-a' })),
    ).toMatch(/^yes/);
    expect(
      ok(await admin('kubernetes_can_i', { verb: '*', resourceType: '*', allNamespaces: true })),
    ).toMatch(/^yes/);
  });
});

describe('RBAC errors', () => {
  it('quotes the Forbidden reason and suggests kubernetes_can_i', async () => {
    const text = failed(
      await bob('kubernetes_delete', { resourceType: 'pod', name: 'db-0', namespace: 'team-b' }),
    );
    expect(text).toContain(
      'Forbidden by the cluster\'s RBAC: "pods "db-0" is forbidden: User "bob@example.com" cannot delete ' +
        'resource "pods"',
    );
    expect(text).toContain('kubernetes_can_i');
    expect(text).not.toContain(users.tokens.bob);
  });
});
