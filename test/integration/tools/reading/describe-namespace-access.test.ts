import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startToolClusterWithUsers, type ToolClusterWithUsers, toolCaller } from '../tool-harness.js';

// A namespace's description adds its quotas, limit ranges and events where the caller may read them.
// A resource hidden by --denied-resources, or one the caller's RBAC does not let it list, gets a line
// saying so in place of its section (never an empty one, which would read as "no quota"), and the
// rest of the description is still given, as `kubectl describe` goes on without it.
let cluster: ToolClusterWithUsers;
beforeAll(async () => {
  cluster = await startToolClusterWithUsers();
  const admin = cluster.admin;
  const create = (object: Record<string, unknown>, namespace?: string) =>
    admin('kubernetes_create', { object, ...(namespace && { namespace }) });
  ok(await create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'guarded' } }));
  ok(
    await create(
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'caps' },
        spec: { hard: { pods: '4' } },
      },
      'guarded',
    ),
  );
  ok(
    await create(
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'bounds' },
        spec: { limits: [{ type: 'Container', max: { memory: '1Gi' } }] },
      },
      'guarded',
    ),
  );
  // mallory may read namespaces, limit ranges and deployments, not quotas, events or pods.
  ok(
    await create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'namespace-and-limits-reader' },
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
        { apiGroups: [''], resources: ['limitranges'], verbs: ['list'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
      ],
    }),
  );
  ok(
    await create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'mallory-namespace-and-limits' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'namespace-and-limits-reader',
      },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'mallory@example.com' }],
    }),
  );
});
afterAll(() => cluster.stop());

const describeGuarded = { resourceType: 'namespace', name: 'guarded' };

describe("kubernetes_describe of a namespace's policies", () => {
  it('shows both sections to a caller who may read them', async () => {
    const text = ok(await cluster.admin('kubernetes_describe', describeGuarded));
    expect(text).toMatch(/Resource quotas:\nName: caps\n/);
    expect(text).toMatch(/Limit ranges:\nTYPE\s+RESOURCE/);
  });

  it('says a resource --denied-resources hides is hidden, and shows the rest', async () => {
    const noQuotas = toolCaller(cluster.access, { deniedResources: ['resourcequotas'] });
    const text = ok(await noQuotas('kubernetes_describe', describeGuarded));
    expect(text).toMatch(/^Namespace guarded:/);
    expect(text).toContain('\nResource quotas: (hidden: resourcequotas are in --denied-resources)\n');
    expect(text).not.toContain('caps');
    expect(text).toMatch(/Limit ranges:\nTYPE\s+RESOURCE.*\nContainer\s+memory\s+-\s+1Gi/);
  });

  it("says which sections the caller's RBAC keeps from it, and shows the rest", async () => {
    const mallory = toolCaller(cluster.access, {}, { bearerToken: cluster.users.tokens.mallory });
    const text = ok(await mallory('kubernetes_describe', describeGuarded));
    expect(text).toMatch(/^Namespace guarded:/);
    expect(text).toContain(
      '\nResource quotas: (not shown: this identity may not list resourcequotas here)\n',
    );
    expect(text).not.toContain('caps');
    expect(text).toMatch(/\nEvents: \(not shown: this identity may not list events here\)$/);
    expect(text).toMatch(/Limit ranges:\nTYPE\s+RESOURCE.*\nContainer\s+memory\s+-\s+1Gi/);
  });

  it("describes a workload whose pods the caller may not list, saying so in the pods' place", async () => {
    const mallory = toolCaller(cluster.access, {}, { bearerToken: cluster.users.tokens.mallory });
    const text = ok(
      await mallory('kubernetes_describe', { resourceType: 'deploy', name: 'web', namespace: 'team-a' }),
    );
    expect(text).toMatch(/^Deployment team-a\/web:/);
    expect(text).toContain('\nPods (app=web): (not shown: this identity may not list pods here)\n');
  });
});
