import { describe, expect, it } from 'vitest';
import { bootstrapPolicy } from '../../../src/auth/bootstrap-policy.js';
import { groupResource, SimulatedCluster } from '../../../src/cluster.js';
import { defaultSeed } from '../../../src/seed/default-seed.js';
import { extraPods } from '../../../src/seed/extra-pods.js';

describe('the default seed in the simulated cluster', () => {
  it('loads with every owner reference resolved to a stored uid', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const cluster = new SimulatedCluster({ now: () => now });
    cluster.load([...bootstrapPolicy(), ...defaultSeed(now), ...extraPods(5, now)]);
    const uids = new Set<string>();
    const owned = [];
    for (const resource of cluster.registry.all()) {
      if (!resource.verbs.includes('list')) continue;
      for (const object of cluster.store.list(groupResource(resource))) {
        uids.add(object.metadata.uid ?? '');
        owned.push(...(object.metadata.ownerReferences ?? []));
      }
    }
    expect(owned.length).toBeGreaterThan(20);
    for (const reference of owned)
      expect(uids, `${reference.kind} ${reference.name}`).toContain(reference.uid);
  });
});
