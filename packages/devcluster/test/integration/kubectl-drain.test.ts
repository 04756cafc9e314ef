import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevCluster, startDevCluster } from '../../src/start.js';
import { Kubectl, kubectlAvailability } from '../helpers/kubectl.js';

// kubectl drain against the simulator: evictions through pods/eviction, refused with a 429 while a
// PodDisruptionBudget has no disruption left (the seed's team-b/db budget guards db-0 on worker-1).

const kubectl = await kubectlAvailability();

describe.skipIf(!kubectl.ok)('real kubectl draining a node of the simulator', () => {
  let devcluster: DevCluster;
  let admin: Kubectl;

  beforeAll(async () => {
    devcluster = await startDevCluster({ tls: true, seed: 'default' });
    admin = new Kubectl(devcluster.kubeconfig);
  });
  afterAll(async () => {
    await devcluster?.stop();
  });

  const podsOn = async (node: string) =>
    (await admin.ok(['get', 'pods', '-A', '--field-selector', `spec.nodeName=${node}`, '-o', 'name']))
      .split('\n')
      .filter(Boolean);

  it('previews a drain with --dry-run=server and evicts nothing', async () => {
    const before = await podsOn('worker-2');
    const drained = await admin.ok(['drain', 'worker-2', '--ignore-daemonsets', '--dry-run=server']);
    expect(drained).toMatch(/evicting pod .* \(server dry run\)/);
    expect(await podsOn('worker-2')).toEqual(before);
  });

  it('evicts what it may and stops at the disruption budget', async () => {
    const result = await admin.run(['drain', 'worker-1', '--ignore-daemonsets', '--timeout=2s']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(await podsOn('worker-1')).toContain('pod/db-0');
    expect(await admin.ok(['get', 'node', 'worker-1', '-o', 'jsonpath={.spec.unschedulable}'])).toBe('true');
  }, 20_000);
});
