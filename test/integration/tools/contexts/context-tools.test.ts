import { type DevCluster, startDevCluster } from '@mcp-kubernetes/devcluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../../../src/k8s/cluster-client.js';
import { accessFor, failed, ok, toolCaller } from '../tool-harness.js';

let devcluster: DevCluster;
let access: ClusterAccess;

/** One cluster seen through two contexts, the second defaulting to namespace team-a. */
function twoContextKubeconfig(server: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: demo
  cluster:
    server: ${server}
users:
- name: admin
  user:
    token: ${token}
contexts:
- name: main
  context: { cluster: demo, user: admin }
- name: team-a
  context: { cluster: demo, user: admin, namespace: team-a }
current-context: main
`;
}

beforeAll(async () => {
  devcluster = await startDevCluster({ seed: 'default' });
  access = accessFor(twoContextKubeconfig(devcluster.url, devcluster.adminToken));
});
afterAll(async () => {
  await access.close();
  await devcluster.stop();
});

describe('context tools', () => {
  it('lists the contexts and the current one without any credential', async () => {
    const call = toolCaller(access);
    const list = ok(await call('kubernetes_context_list'));
    expect(list).toMatch(/^CURRENT\s+NAME\s+CLUSTER\s+SERVER\s+USER\s+NAMESPACE\nyes\s+main\s+demo\s/);
    expect(list).toMatch(/\nno\s+team-a\s+demo\s+\S+\s+admin\s+team-a$/);
    const current = ok(await call('kubernetes_context_get_current'));
    expect(current).toContain('context: main');
    for (const text of [list, current]) expect(text).not.toContain(devcluster.adminToken);
  });

  it('switches the context of one session only, and the namespace follows the context', async () => {
    const first = toolCaller(access);
    const second = toolCaller(access);
    expect(ok(await first('kubernetes_context_use', { name: 'team-a' }))).toContain(
      'This session now uses context "team-a" (other sessions are unaffected)',
    );
    expect(ok(await first('kubernetes_context_get_current'))).toContain('context: team-a');
    expect(ok(await second('kubernetes_context_get_current'))).toContain('context: main');
    expect(ok(await first('kubernetes_list', { resourceType: 'deploy' }))).toContain('web');
    expect(ok(await second('kubernetes_list', { resourceType: 'deploy' }))).toBe(
      'No deployments found in namespace "default".',
    );
  });

  it('takes a per-call context without changing the session', async () => {
    const call = toolCaller(access);
    expect(ok(await call('kubernetes_list', { resourceType: 'deploy', context: 'team-a' }))).toContain('web');
    expect(ok(await call('kubernetes_context_get_current'))).toContain('context: main');
  });

  it('refuses an unknown context, listing the known ones', async () => {
    const call = toolCaller(access);
    expect(failed(await call('kubernetes_context_use', { name: 'prod' }))).toBe(
      'There is no context "prod" this server may use; the contexts are "main", "team-a".',
    );
    expect(failed(await call('kubernetes_list', { resourceType: 'pods', context: 'prod' }))).toContain(
      'context "prod" is not allowed',
    );
  });
});
