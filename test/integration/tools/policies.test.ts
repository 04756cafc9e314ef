import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failed, ok, startToolCluster, type ToolCluster, toolCaller } from './tool-harness.js';

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

describe('--allowed-namespaces', () => {
  const call = () => toolCaller(cluster.access, { allowedNamespaces: ['team-a'] });

  it('refuses every kind of call naming another namespace, saying which are allowed', async () => {
    const confined = call();
    const refusals = [
      await confined('kubernetes_list', { resourceType: 'pods', namespace: 'team-b' }),
      await confined('kubernetes_get', { resourceType: 'deploy', name: 'worker', namespace: 'team-b' }),
      await confined('kubernetes_describe', { resourceType: 'sts', name: 'db', namespace: 'team-b' }),
      await confined('kubernetes_events', { namespace: 'kube-system' }),
      await confined('kubernetes_logs', { name: 'db-0', namespace: 'team-b' }),
      await confined('kubernetes_exec', { name: 'db-0', namespace: 'team-b', command: ['true'] }),
      await confined('kubernetes_scale', { name: 'worker', namespace: 'team-b', replicas: 0 }),
      await confined('kubernetes_delete', { resourceType: 'pvc', name: 'data-db-0', namespace: 'team-b' }),
      await confined('kubernetes_apply', {
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'team-b' } },
      }),
      await confined('kubernetes_can_i', { verb: 'get', resourceType: 'pods', namespace: 'team-b' }),
      await confined('kubernetes_top', { namespace: 'team-b' }),
      await confined('kubernetes_http_get', { kind: 'service', name: 'kube-dns', namespace: 'kube-system' }),
    ];
    for (const refusal of refusals) {
      expect(failed(refusal)).toMatch(
        /Namespace "(team-b|kube-system)" is outside .*--allowed-namespaces: "team-a"/,
      );
    }
  });

  it('measures all namespaces as only the allowed ones', async () => {
    const answer = await call()('kubernetes_top', { allNamespaces: true });
    const rows = (answer.structured?.rows ?? []) as { namespace: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.namespace))).toEqual(new Set(['team-a']));
  });

  it('lists all namespaces as only the allowed ones', async () => {
    const text = ok(await call()('kubernetes_list', { resourceType: 'pods', allNamespaces: true }));
    const namespaces = new Set(
      text
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s+/)[0]),
    );
    expect(namespaces).toEqual(new Set(['team-a']));
    const listed = ok(await call()('kubernetes_list', { resourceType: 'namespaces' }));
    expect(
      listed
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['team-a']);
  });

  it('reads nodes but refuses other cluster-scoped kinds and every cluster-scoped write', async () => {
    expect(ok(await call()('kubernetes_list', { resourceType: 'nodes' }))).toContain('worker-1');
    expect(failed(await call()('kubernetes_list', { resourceType: 'clusterroles' }))).toMatch(
      /cluster-scoped/,
    );
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sneaky' } };
    expect(failed(await call()('kubernetes_create', { object: namespace }))).toMatch(
      /may not change cluster-scoped objects/,
    );
  });

  it('keeps the cluster health check within the allowed namespaces', async () => {
    const text = ok(await call()('kubernetes_cluster_health'));
    expect(text).toContain('in the allowed namespaces');
    expect(text).toContain('CrashLoopBackOff');
    expect(text).not.toContain('team-b');
  });
});

describe('--denied-resources', () => {
  const call = (denied: string[]) => toolCaller(cluster.access, { deniedResources: denied });

  it('refuses a denied resource in every tool that would touch it', async () => {
    const noSecrets = call(['secrets']);
    const secret = { resourceType: 'secret', namespace: 'team-a', name: 'api-credentials' };
    for (const result of [
      await noSecrets('kubernetes_list', { resourceType: 'secrets', namespace: 'team-a' }),
      await noSecrets('kubernetes_get', secret),
      await noSecrets('kubernetes_describe', secret),
      await noSecrets('kubernetes_delete', secret),
      await noSecrets('kubernetes_events', { namespace: 'team-a', objectKind: 'Secret' }),
      await noSecrets('kubernetes_apply', {
        object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'team-a' } },
      }),
    ]) {
      expect(failed(result)).toContain('Access to secrets is disabled on this server (--denied-resources)');
    }
  });

  it('refuses top and the pod proxy when pods are denied, and the service proxy when services are', async () => {
    const denied = 'Access to pods is disabled on this server (--denied-resources)';
    expect(failed(await call(['pods'])('kubernetes_top', { namespace: 'team-a' }))).toContain(denied);
    expect(
      failed(await call(['pods'])('kubernetes_http_get', { kind: 'pod', name: 'db-0', namespace: 'team-b' })),
    ).toContain(denied);
    expect(
      failed(
        await call(['services'])('kubernetes_http_get', {
          kind: 'service',
          name: 'web',
          namespace: 'team-a',
        }),
      ),
    ).toContain('Access to services is disabled on this server (--denied-resources)');
  });

  it('refuses logs and exec when pods are denied, and a workload kind by group', async () => {
    const noPods = call(['pods']);
    expect(
      failed(await noPods('kubernetes_logs', { resourceType: 'deploy', name: 'web', namespace: 'team-a' })),
    ).toContain('Access to pods is disabled');
    const noApps = call(['apps/*']);
    expect(
      failed(await noApps('kubernetes_rollout', { action: 'status', name: 'web', namespace: 'team-a' })),
    ).toContain('deployments.apps is disabled');
    expect(
      failed(await noApps('kubernetes_logs', { resourceType: 'deploy', name: 'web', namespace: 'team-a' })),
    ).toContain('deployments.apps is disabled');
  });

  it('hides denied groups from the api-resources listing and says so', async () => {
    const text = ok(await call(['rbac.authorization.k8s.io/*'])('kubernetes_api_resources'));
    expect(text).not.toMatch(/clusterroles/);
    expect(text).toMatch(/\(4 types left out: denied by --denied-resources\)/);
  });
});
