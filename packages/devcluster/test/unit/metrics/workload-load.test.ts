import { describe, expect, it } from 'vitest';
import { loadShares } from '../../../src/metrics/workload-load.js';
import type { KubeObject } from '../../../src/types.js';

function pod(name: string, owner?: { kind: string; name: string }, hash?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'team-a',
      ...(hash && { labels: { 'pod-template-hash': hash } }),
      ...(owner && {
        ownerReferences: [{ apiVersion: 'apps/v1', ...owner, uid: `${owner.name}-uid`, controller: true }],
      }),
    },
  };
}

describe("a workload's CPU load", () => {
  it('is split between its pods, whichever ReplicaSet of the Deployment made them', () => {
    const old = pod('web-aaa-1', { kind: 'ReplicaSet', name: 'web-aaa' }, 'aaa');
    const next = pod('web-bbb-1', { kind: 'ReplicaSet', name: 'web-bbb' }, 'bbb');
    const one = loadShares([old])(old);
    expect([1, 2, 3]).toContain(one);
    // Two pods of the one Deployment, though of two ReplicaSets (a rollout): half each.
    const shareOf = loadShares([old, next]);
    expect(shareOf(old)).toBe(one / 2);
    expect(shareOf(next)).toBe(one / 2);
  });

  it('is a pod of no workload carried alone, and other workloads do not change it', () => {
    const bare = pod('debug');
    const db = pod('db-0', { kind: 'StatefulSet', name: 'db' });
    const shareOf = loadShares([bare, db, pod('web-aaa-1', { kind: 'ReplicaSet', name: 'web-aaa' }, 'aaa')]);
    expect(shareOf(bare)).toBe(1);
    expect(shareOf(db)).toBe(loadShares([db])(db));
  });
});
