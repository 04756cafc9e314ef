import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failed, ok, startToolCluster, type ToolCluster } from './tool-harness.js';

// kubernetes_node against the simulator: the seed's team-b/db-0 runs on worker-1 under a
// PodDisruptionBudget that allows no disruption; kube-proxy runs on every node as a DaemonSet.

let cluster: ToolCluster;
beforeAll(async () => {
  cluster = await startToolCluster();
});
afterAll(() => cluster.stop());

const podsOn = async (node: string) => {
  const answer = await cluster.call('kubernetes_list', {
    resourceType: 'pods',
    allNamespaces: true,
    fieldSelector: `spec.nodeName=${node}`,
  });
  return ((answer.structured?.items ?? []) as { NAME: string }[]).map((row) => row.NAME);
};
const unschedulable = async (node: string) => {
  const answer = await cluster.call('kubernetes_get', { resourceType: 'nodes', name: node });
  const object = answer.structured?.object as { spec?: { unschedulable?: boolean } } | undefined;
  return object?.spec?.unschedulable === true;
};

describe('kubernetes_node', () => {
  it('cordons and uncordons a node', async () => {
    expect(ok(await cluster.call('kubernetes_node', { action: 'cordon', name: 'worker-2' }))).toBe(
      'node/worker-2 cordoned',
    );
    expect(await unschedulable('worker-2')).toBe(true);
    ok(await cluster.call('kubernetes_node', { action: 'uncordon', name: 'worker-2' }));
    expect(await unschedulable('worker-2')).toBe(false);
  });

  it('previews a drain without changing anything', async () => {
    const before = await podsOn('worker-1');
    const preview = ok(
      await cluster.call('kubernetes_node', { action: 'drain', name: 'worker-1', dryRun: true, force: true }),
    );
    expect(preview).toContain('Dry run: draining node/worker-1 would cordon it');
    expect(preview).toContain('evict team-b/db-0');
    expect(preview).toMatch(/skip kube-system\/kube-proxy-\S+: DaemonSet kube-proxy pod/);
    expect(await podsOn('worker-1')).toEqual(before);
    expect(await unschedulable('worker-1')).toBe(false);
  });

  it('evicts what the budgets allow, reports progress, and says what it could not evict', async () => {
    cluster.call.progress.length = 0;
    const answer = failed(
      await cluster.call('kubernetes_node', {
        action: 'drain',
        name: 'worker-1',
        timeoutSeconds: 1,
        force: true,
      }),
    );
    expect(answer).toContain('node/worker-1 cordoned');
    expect(answer).toMatch(
      /NOT evicted team-b\/db-0: Cannot evict pod as it would violate the pod's disruption budget\. \(The disruption budget db needs 1 healthy pods/,
    );
    expect(answer).toContain('the node stays cordoned');
    const evicted = answer.match(/^evicted \S+/gm) ?? [];
    expect(evicted.length).toBeGreaterThan(0);
    expect(cluster.call.progress.map((update) => update.message)).toEqual(evicted);
    expect(cluster.call.progress.map((update) => update.progress)).toEqual(
      evicted.map((_line, at) => at + 1),
    );
    expect(await podsOn('worker-1')).toContain('db-0');
    expect(await unschedulable('worker-1')).toBe(true);
  });

  it('keeps reporting progress while a budget holds an eviction back', async () => {
    cluster.call.progress.length = 0;
    const answer = failed(
      await cluster.call('kubernetes_node', {
        action: 'drain',
        name: 'worker-1',
        timeoutSeconds: 6,
        force: true,
      }),
    );
    expect(answer).toMatch(/NOT evicted team-b\/db-0/);
    const waiting = cluster.call.progress.filter((update) => update.message?.includes('held back'));
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting[0]).toMatchObject({
      progress: 0,
      total: 1,
      message: '1 eviction(s) held back by a PodDisruptionBudget; retrying',
    });
  });

  it('is hidden while writes are off', async () => {
    const args = { action: 'cordon', name: 'worker-2' };
    expect(failed(await cluster.call('kubernetes_node', args, { nonDestructive: true }))).toContain(
      'kubernetes_node is disabled: the server runs with --non-destructive',
    );
    expect(failed(await cluster.call('kubernetes_node', args, { readOnly: true }))).toContain('--read-only');
  });
});
